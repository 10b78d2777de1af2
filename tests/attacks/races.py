"""Two writers fired at the same moment at a real gunicorn, and what each one answered.

`fire_together` releases the requests through a `threading.Barrier`; `Browser` keeps a
logged-in session (or none, for a delegate's private link) and a CSRF cookie; `Answer` holds
the status, the text the desk showed and the messages the next page would show (read from
the messages cookie, as the browser would carry it)."""

import html
import re
import secrets
import string
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest
from django.test import Client

_DESK_MESSAGE = re.compile(r'<p class="desk-msg desk-msg--(\w+)" role="status">(.*?)</p>', re.S)


@dataclass
class Answer:
    status: int
    body: str = ""
    location: str = ""
    messages: list[str] = field(default_factory=list)
    # The level of the desk's message (success, info, error) and its text.
    level: str = ""
    text: str = ""

    @property
    def failed(self) -> bool:
        return self.status >= 500

    def says(self, words: str) -> bool:
        return any(words in text for text in [self.text, *self.messages])


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def _messages(cookies: SimpleCookie) -> list[str]:
    if "messages" not in cookies or not cookies["messages"].value:
        return []
    decoded = CookieStorage(HttpRequest())._decode(cookies["messages"].value)
    return [str(message) for message in decoded or []]


class Browser:
    """One user agent: a session (`user` logged in, or anonymous) and a CSRF cookie, sent
    with every request as a browser and htmx send them."""

    def __init__(self, base: str, user=None) -> None:
        self.base = base
        self.csrf = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))
        self.cookies = {"csrftoken": self.csrf}
        if user is not None:
            client = Client()
            client.force_login(user)
            self.cookies["sessionid"] = client.cookies["sessionid"].value

    def request(
        self,
        path: str,
        data: dict | None = None,
        *,
        htmx: bool = False,
    ) -> Answer:
        headers = {
            "Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items()),
            "X-CSRFToken": self.csrf,
        }
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if htmx:
            headers["HX-Request"] = "true"
        request = urllib.request.Request(self.base + path, data=body, headers=headers)
        try:
            with _OPENER.open(request, timeout=60) as response:
                return _answer(response.status, response.headers, response.read())
        except urllib.error.HTTPError as error:
            return _answer(error.code, error.headers, error.read())


def _answer(status: int, headers, body: bytes) -> Answer:
    cookies = SimpleCookie()
    for line in headers.get_all("Set-Cookie") or []:
        cookies.load(line)
    text = body.decode("utf-8", "replace")
    answer = Answer(status, text, headers.get("Location", ""), _messages(cookies))
    if found := _DESK_MESSAGE.search(text):
        answer.level, answer.text = found.group(1), html.unescape(found.group(2)).strip()
    return answer


def fire_together(*writers: Callable[[], Answer]) -> list[Answer]:
    """Run the writers at once, each in its own thread, released by one barrier."""
    barrier = threading.Barrier(len(writers))
    answers: list[Answer | BaseException | None] = [None] * len(writers)

    def run(index: int, writer: Callable[[], Answer]) -> None:
        try:
            barrier.wait(timeout=30)
            answers[index] = writer()
        except BaseException as error:  # reported by the caller, not lost in the thread
            answers[index] = error

    threads = [threading.Thread(target=run, args=item) for item in enumerate(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    for answer in answers:
        if not isinstance(answer, Answer):
            raise AssertionError(f"a writer did not answer: {answer!r}")
    return answers
