"""No personal data on any public page, feed or API answer, in any language.

Loads the demo data (291 invented delegates, emails @demo.example.org), requests every
public URL in English, Chinese and Arabic (listed from the database, then every link the
pages themselves offer, followed), and looks in every body for each delegate's email,
phone, private agenda token and full name in each script.
"""

import re
from urllib.parse import urlsplit

from django.test import Client
from django.urls import reverse
from django.utils import translation

from delegations.demo_data import DEMO_EMAIL_DOMAIN
from delegations.models import Delegate
from summits.models import Interpreter, Room, Session, SessionSpeaker, Speaker, Summit
from tests.attacks.tallies import tally

LANGUAGES = ("en", "zh-hans", "ar")
PUBLIC_PREFIXES = tuple(f"/{language}/" for language in LANGUAGES) + ("/api/v1/",)
# Links a crawler must not follow from public pages: the admin, static files, the language
# switch (a POST form), staff pages (they answer with the login page) and calendar
# subscriptions (webcal:// is the same feed as the .ics link).
NOT_FOLLOWED = re.compile(r"^/(admin|static|i18n)/|/(check-in|badges|dashboard)/")
CHINESE = re.compile(r"[\u3400-\u9fff]")
CHINESE_RUN = re.compile(r"[\u3400-\u9fff·]+")  # with the dot between foreign names' parts
WORD = re.compile(r"\w+")
LINK = re.compile(r"""(?:href|src|action)=["']([^"'#]+)""")


def public_urls() -> list[str]:
    """Every public URL the contract lists, for the demo's summits, in every language."""
    urls = ["/api/v1/openapi.json", "/api/v1/summits"]
    for language in LANGUAGES:
        urls += [f"/api/v1/summits?lang={language}"]
    summits = list(Summit.objects.order_by("pk"))
    sessions = list(Session.objects.select_related("summit").order_by("pk"))
    speaker_pairs = (
        SessionSpeaker.objects.values_list("session__summit__slug", "speaker__slug")
        .distinct()
        .order_by("session__summit__slug", "speaker__slug")
    )
    for summit in summits:
        api = f"/api/v1/summits/{summit.slug}"
        urls += [api, f"{api}/schedule"]
        urls += [f"{api}?lang={language}" for language in LANGUAGES]
        urls += [f"{api}/schedule?lang={language}" for language in LANGUAGES]
        urls += [f"{api}/schedule?kind={kind}" for kind in Session.Kind.values]
        days = {summit.local_date(s.starts_at) for s in sessions if s.summit_id == summit.pk}
        urls += [f"{api}/schedule?day={day.isoformat()}" for day in sorted(days)]
        rooms = Room.objects.filter(venue__summit=summit).values_list("pk", flat=True)
        urls += [f"{api}/schedule?room={room}" for room in rooms]
    for language in LANGUAGES:
        with translation.override(language):
            urls.append(reverse("summits:list"))
            for summit in summits:
                slug = {"slug": summit.slug}
                schedule = reverse("summits:schedule", kwargs=slug)
                urls += [
                    reverse("summits:detail", kwargs=slug),
                    schedule,
                    reverse("summits:speakers", kwargs=slug),
                    reverse("summits:schedule_ics", kwargs=slug),
                    reverse("summits:schedule_xml", kwargs=slug),
                ]
                urls += [f"{schedule}?kind={kind}" for kind in Session.Kind.values]
                days = {summit.local_date(s.starts_at) for s in sessions if s.summit == summit}
                urls += [f"{schedule}?day={day.isoformat()}" for day in sorted(days)]
                rooms = Room.objects.filter(venue__summit=summit).values_list("pk", flat=True)
                urls += [f"{schedule}?room={room}" for room in rooms]
            for session in sessions:
                kwargs = {"slug": session.summit.slug, "pk": session.pk}
                urls += [
                    reverse("summits:session", kwargs=kwargs),
                    reverse("summits:session_ics", kwargs=kwargs),
                ]
            for slug, speaker in speaker_pairs:
                urls.append(reverse("summits:speaker", kwargs={"slug": slug, "speaker": speaker}))
    return urls


def personal_data() -> dict[str, str]:
    """Each private string -> what it is (for the failure message)."""
    private = {}
    for delegate in Delegate.objects.order_by("pk"):
        who = f"delegate {delegate.pk}"
        private[delegate.email] = f"email of {who}"
        private[delegate.agenda_token] = f"private agenda token of {who}"
        if delegate.phone:
            private[delegate.phone] = f"phone of {who}"
        for field in ("full_name_en", "full_name_zh_hans", "full_name_ar"):
            name = getattr(delegate, field)
            if name:
                private[name] = f"{field} of {who}"
    # Interpreters are organisers' business: neither their names nor how to reach them.
    for interpreter in Interpreter.objects.order_by("pk"):
        who = f"interpreter {interpreter.pk}"
        for field in ("name", "email", "phone"):
            if value := getattr(interpreter, field):
                private[value] = f"{field} of {who}"
    return private


class Finder:
    """Finds private strings in a text: Chinese ones anywhere (Chinese runs words together),
    the others as whole words, so that "Zhao Min" is not found in "Zhao Mingyuan"."""

    def __init__(self, private: dict[str, str]):
        self.chinese = {text: label for text, label in private.items() if CHINESE.search(text)}
        self.lengths = sorted({len(text) for text in self.chinese})
        self.by_first_word: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for text, label in private.items():
            if text not in self.chinese:
                words = tuple(WORD.findall(text))
                self.by_first_word.setdefault(words[0], []).append((words, label))

    def labels(self, text: str) -> set[str]:
        found = set()
        words = WORD.findall(text)
        for index, word in enumerate(words):
            for wanted, label in self.by_first_word.get(word, ()):
                if tuple(words[index : index + len(wanted)]) == wanted:
                    found.add(label)
        for run in CHINESE_RUN.findall(text):
            for length in self.lengths:
                for start in range(len(run) - length + 1):
                    label = self.chinese.get(run[start : start + length])
                    if label:
                        found.add(label)
        return found


def crawl(client: Client) -> dict[str, bytes]:
    queue = public_urls()
    bodies: dict[str, bytes] = {}
    while queue:
        url = queue.pop()
        if url in bodies:
            continue
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        bodies[url] = body
        if "html" in response["Content-Type"]:
            for link in LINK.findall(body.decode()):
                link = link.replace("&amp;", "&")
                parts = urlsplit(link)
                if parts.scheme or parts.netloc:
                    if parts.netloc in ("testserver", ""):
                        link = parts.path + (f"?{parts.query}" if parts.query else "")
                    else:
                        continue
                if link.startswith(PUBLIC_PREFIXES) and not NOT_FOLLOWED.search(link):
                    queue.append(link)
    return bodies


def test_demo_data_has_what_this_test_looks_for(demo):
    private = personal_data()
    assert Delegate.objects.count() == 291
    assert sum(label.startswith("email of delegate") for label in private.values()) == 291
    assert sum(label.startswith("email of interpreter") for label in private.values()) == 4
    assert sum(label.startswith("full_name_zh_hans") for label in private.values()) > 250
    assert sum(label.startswith("full_name_ar") for label in private.values()) > 250


def test_no_public_answer_holds_personal_data_or_a_private_link(demo):
    # One crawl for every check: it is the slow part, and split over several tests it
    # would run again on each test worker that gets one of them.
    crawled = crawl(Client())
    private = personal_data()
    # The demo's invented speakers and delegates share a few names (a speaker "Liu Fang"
    # and a delegate "Liu Fang"): a speaker's name on their session is public, not a leak.
    speakers = {
        getattr(speaker, f"name_{suffix}")
        for speaker in Speaker.objects.all()
        for suffix in ("en", "zh_hans", "ar")
    }
    shared = {text for text in private if text in speakers}
    private = {text: label for text, label in private.items() if text not in shared}
    finder = Finder(private)

    found = {url: sorted(finder.labels(body.decode("utf-8"))) for url, body in crawled.items()}

    assert {url: labels for url, labels in found.items() if labels} == {}
    assert len(shared) < 10, sorted(shared)
    pages = {url.split("/")[1] for url in crawled}
    assert pages == {"en", "zh-hans", "ar", "api"}

    api = {url: body for url, body in crawled.items() if url.startswith("/api/v1/")}
    assert len(api) > 60
    assert [url for url, body in api.items() if DEMO_EMAIL_DOMAIN.encode() in body] == []
    assert [url for url, body in api.items() if b"@" in body and b"example.org" in body] == []

    assert [url for url in crawled if "/agenda/" in url] == []
    assert [url for url, body in crawled.items() if b"/agenda/" in body] == []
    tally(
        "personal data sweep",
        {
            "private strings sought in each": len(private),
            "names skipped as also a speaker's": len(shared),
        },
        inputs=len(crawled),
    )


def test_the_search_finds_each_kind_of_personal_data(demo):
    delegate = Delegate.objects.filter(full_name_zh_hans__isnull=False, full_name_ar__isnull=False)[
        0
    ]
    finder = Finder(personal_data())
    who = f"delegate {delegate.pk}"
    page = (
        f"<li>{delegate.full_name_en}</li><p>代表{delegate.full_name_zh_hans}出席</p>"
        f"<p dir=rtl>{delegate.full_name_ar}، {delegate.email}</p>/agenda/{delegate.agenda_token}/"
    )

    assert finder.labels(page) == {
        f"{field} of {who}" for field in ("full_name_en", "full_name_zh_hans", "full_name_ar")
    } | {f"email of {who}", f"private agenda token of {who}"}
    assert finder.labels(f"{delegate.full_name_en}ovich, {delegate.email}x") == set()
