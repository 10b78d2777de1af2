"""The summit series: organisations, summits, venues and rooms, sessions and speakers."""

import zoneinfo
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from summits.languages import all_language_fields


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("“%(value)s” is not an IANA time zone such as America/Los_Angeles."),
            params={"value": value},
            code="invalid_timezone",
        )


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(
        _("short name"), max_length=40, blank=True, help_text=_("An acronym such as CPAFFC.")
    )
    website = models.URLField(_("website"), blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name_en"]

    def __str__(self) -> str:
        return self.name


class SummitQuerySet(models.QuerySet):
    def upcoming(self, *, today: date):
        return self.filter(ends_on__gte=today).order_by("starts_on")

    def past(self, *, today: date):
        return self.filter(ends_on__lt=today).order_by("-starts_on")


class Summit(models.Model):
    ordinal = models.PositiveSmallIntegerField(
        _("ordinal"), unique=True, help_text=_("6 for the 6th summit of the series.")
    )
    title = models.CharField(_("title"), max_length=200)
    theme = models.CharField(_("theme"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    city = models.CharField(_("city"), max_length=120)
    country = CountryField(_("country"))
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        validators=[validate_timezone],
        help_text=_("The summit's own IANA time zone; the programme is shown in it."),
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    dates_note = models.CharField(
        _("note on the dates"),
        max_length=300,
        blank=True,
        help_text=_("Say here when a date was not reported and a plausible one was chosen."),
    )
    hosts = models.ManyToManyField(
        Organisation, related_name="summits_hosted", verbose_name=_("hosts"), blank=True
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)

    objects = SummitQuerySet.as_manager()

    class Meta:
        verbose_name = _("summit")
        verbose_name_plural = _("summits")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="summit_ends_on_or_after_start",
                violation_error_message=_("The last day cannot be before the first day."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("summits:detail", kwargs={"slug": self.slug})

    def get_schedule_url(self) -> str:
        return reverse("summits:schedule", kwargs={"slug": self.slug})

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    def local_date(self, moment: datetime) -> date:
        return moment.astimezone(self.tzinfo).date()


class Venue(models.Model):
    summit = models.ForeignKey(
        Summit, on_delete=models.CASCADE, related_name="venues", verbose_name=_("summit")
    )
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["name_en"]

    def __str__(self) -> str:
        return self.name


class Room(models.Model):
    venue = models.ForeignKey(
        Venue, on_delete=models.CASCADE, related_name="rooms", verbose_name=_("venue")
    )
    name = models.CharField(_("name"), max_length=200)
    capacity = models.PositiveIntegerField(_("seats"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Rooms are listed in this order.")
    )

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["position", "name_en"]

    def __str__(self) -> str:
        return self.name


class Speaker(models.Model):
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(
        _("position"), max_length=200, blank=True, help_text=_("For example “Mayor of Tacoma”.")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="speakers",
        verbose_name=_("organisation"),
    )
    bio = models.TextField(_("biography"), blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)

    class Meta:
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        ordering = ["name_en"]

    def __str__(self) -> str:
        return self.name


class SessionQuerySet(models.QuerySet):
    def overlapping(self, *, starts_at: datetime, ends_at: datetime):
        return self.filter(starts_at__lt=ends_at, ends_at__gt=starts_at)


class Session(models.Model):
    class Kind(models.TextChoices):
        KEYNOTE = "keynote", _("Keynote")
        PANEL = "panel", _("Panel discussion")
        CASE_STUDY = "case_study", _("Case study")
        CEREMONY = "ceremony", _("Ceremony")
        OTHER = "other", _("Other")

    summit = models.ForeignKey(
        Summit, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("summit")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    room = models.ForeignKey(
        Room,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("room"),
    )
    speakers = models.ManyToManyField(
        Speaker,
        through="SessionSpeaker",
        related_name="sessions",
        verbose_name=_("speakers"),
        blank=True,
    )
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_("Seats for sign-ups; leave empty for no limit."),
    )
    accepts_signups = models.BooleanField(
        _("takes sign-ups"),
        default=False,
        help_text=_("Delegates can sign up for this session from their personal agenda."),
    )
    # iCalendar's SEQUENCE: raised when the session moves or is retitled, so subscribed
    # calendars replace their copy (RFC 5545, 3.8.7.4); LAST-MODIFIED is `updated_at`.
    sequence = models.PositiveIntegerField(_("revision"), default=0, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = SessionQuerySet.as_manager()

    # What a calendar shows of a session: a change to any of these is a new revision.
    REVISED_FIELDS = ("starts_at", "ends_at", "room_id", *all_language_fields("title"))

    class Meta:
        verbose_name = pgettext_lazy("session of a summit", "session")
        verbose_name_plural = pgettext_lazy("sessions of a summit", "sessions")
        ordering = ["starts_at", "room__position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_at__lt=F("ends_at")),
                name="session_ends_after_start",
                violation_error_message=_("A session must end after it starts."),
            ),
        ]
        indexes = [models.Index(fields=["summit", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        loaded = getattr(self, "_loaded", None)
        if self.pk is not None and loaded:
            if any(getattr(self, name) != value for name, value in loaded.items()):
                self.sequence += 1
                if kwargs.get("update_fields") is not None:
                    kwargs["update_fields"] = {*kwargs["update_fields"], "sequence"}
        super().save(*args, **kwargs)
        self._loaded = {name: getattr(self, name) for name in self.REVISED_FIELDS}

    def get_absolute_url(self) -> str:
        return reverse("summits:session", kwargs={"slug": self.summit.slug, "pk": self.pk})

    @classmethod
    def from_db(cls, db, field_names, values):
        session = super().from_db(db, field_names, values)
        session._loaded = {
            name: getattr(session, name)
            for name in cls.REVISED_FIELDS
            if name.removesuffix("_id") in field_names or name in field_names
        }
        return session

    def clean(self) -> None:
        super().clean()
        if not (self.starts_at and self.ends_at and self.summit_id):
            return
        summit = self.summit
        first, last = summit.local_date(self.starts_at), summit.local_date(self.ends_at)
        if first < summit.starts_on or last > summit.ends_on:
            raise ValidationError(
                _(
                    "The session must take place within the summit's dates, "
                    "%(start)s to %(end)s (%(tz)s)."
                ),
                params={"start": summit.starts_on, "end": summit.ends_on, "tz": summit.timezone},
                code="outside_summit",
            )
        if self.room_id and self.room.venue.summit_id != self.summit_id:
            raise ValidationError(
                {"room": _("This room belongs to another summit's venue.")}, code="foreign_room"
            )
        if self.room_id:
            clash = (
                Session.objects.overlapping(starts_at=self.starts_at, ends_at=self.ends_at)
                .filter(room_id=self.room_id)
                .exclude(pk=self.pk)
                .first()
            )
            if clash:
                message = ValidationError(
                    _("%(room)s already holds “%(other)s” from %(start)s to %(end)s."),
                    params={
                        "room": self.room,
                        "other": clash.title,
                        "start": clash.starts_at.astimezone(summit.tzinfo).strftime("%H:%M"),
                        "end": clash.ends_at.astimezone(summit.tzinfo).strftime("%H:%M"),
                    },
                    code="room_overlap",
                )
                raise ValidationError({"room": message})

    def clash_for_speaker(self, speaker: "Speaker") -> str | None:
        """A message naming another session this speaker is in at the same time, if any."""
        clash = (
            Session.objects.overlapping(starts_at=self.starts_at, ends_at=self.ends_at)
            .filter(speaker_roles__speaker=speaker)
            .exclude(pk=self.pk)
            .first()
        )
        if clash is None:
            return None
        return _("%(speaker)s already speaks in “%(other)s” at the same time.") % {
            "speaker": speaker,
            "other": clash.title,
        }


class SessionSpeaker(models.Model):
    class Role(models.TextChoices):
        KEYNOTE = "keynote", _("Keynote speaker")
        MODERATOR = "moderator", _("Moderator")
        PANELLIST = "panellist", _("Panellist")

    session = models.ForeignKey(
        Session,
        on_delete=models.CASCADE,
        related_name="speaker_roles",
        verbose_name=pgettext_lazy("session of a summit", "session"),
    )
    speaker = models.ForeignKey(
        Speaker, on_delete=models.CASCADE, related_name="session_roles", verbose_name=_("speaker")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.PANELLIST)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("speaker in a session")
        verbose_name_plural = _("speakers in sessions")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "speaker"],
                name="session_speaker_once",
                violation_error_message=_("This speaker is already in this session."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.speaker} ({self.get_role_display()})"

    def clean(self) -> None:
        super().clean()
        # The admin validates speakers before a new session is saved, so look at the
        # related objects themselves rather than their ids.
        session, speaker = getattr(self, "session", None), getattr(self, "speaker", None)
        if session is None or speaker is None or not (session.starts_at and session.ends_at):
            return
        clash = session.clash_for_speaker(speaker)
        if clash:
            raise ValidationError({"speaker": clash}, code="speaker_overlap")
