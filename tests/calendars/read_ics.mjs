// Reads an iCalendar file from stdin with ical.js (the parser of Thunderbird) and prints
// each event's UID, summary and start/end in UTC, as JSON, the way a calendar app would
// place them: with the VTIMEZONE the feed itself carries.
import ICAL from "ical.js";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const calendar = new ICAL.Component(ICAL.parse(Buffer.concat(chunks).toString("utf8")));
for (const zone of calendar.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(zone);
}
const events = calendar.getAllSubcomponents("vevent").map((component) => {
  const event = new ICAL.Event(component);
  return {
    uid: event.uid,
    summary: event.summary,
    start: event.startDate.toJSDate().toISOString(),
    end: event.endDate.toJSDate().toISOString(),
    sequence: event.sequence,
  };
});
process.stdout.write(JSON.stringify(events));
