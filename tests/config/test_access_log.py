import io
import logging
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from gunicorn.config import Config

from config.access_log import PrivateLinkMaskingLogger, mask_private_links
from tests.factories import DelegateFactory


def test_agenda_tokens_are_masked_in_paths():
    assert mask_private_links("/ar/agenda/q1w2-e3_R4/") == "/ar/agenda/***/"
    assert mask_private_links("/en/agenda/q1w2e3.ics") == "/en/agenda/***.ics"
    assert mask_private_links("/en/summits/tacoma-2024/schedule/") == (
        "/en/summits/tacoma-2024/schedule/"
    )


def test_gunicorn_access_log_line_holds_no_agenda_token(caplog):
    config = Config()
    config.set("accesslog", "-")
    config.set("access_log_format", '%(h)s "%(m)s %(U)s" %(s)s "%(r)s"')
    logger = PrivateLinkMaskingLogger(config)
    request = SimpleNamespace(
        method="GET",
        path="/en/agenda/secret-token-123/",
        query="",
        version=(1, 1),
        headers=[],
        uri="/en/agenda/secret-token-123/",
    )
    response = SimpleNamespace(status="200 OK", sent=10, headers=[])
    environ = {
        "REMOTE_ADDR": "127.0.0.1",
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/en/agenda/secret-token-123/",
        "SERVER_PROTOCOL": "HTTP/1.1",
    }
    lines: list[str] = []
    logger.access_log.handlers = [logging.Handler()]
    logger.access_log.handlers[0].emit = lambda record: lines.append(record.getMessage())
    logger.access(response, request, environ, timedelta(milliseconds=3))
    assert lines and "secret-token-123" not in lines[0]
    assert "/en/agenda/***/" in lines[0]


# --- Django's own warnings, through the handler the settings configure ---------------------


@pytest.fixture
def log_lines():
    """What the configured console handler writes, after its filters."""
    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


@pytest.fixture
def delegate(db):
    return DelegateFactory()


def agenda_path(delegate) -> str:
    return reverse("delegations:agenda", kwargs={"token": delegate.agenda_token})


def test_a_404_on_a_private_link_logs_no_token(client, db, log_lines):
    unknown = "A" * 32

    response = client.get(reverse("delegations:agenda", kwargs={"token": unknown}))

    assert response.status_code == 404
    assert "Not Found: /en/agenda/***/" in log_lines.getvalue()
    assert unknown not in log_lines.getvalue()


def test_a_405_on_a_private_link_logs_no_token(client, delegate, log_lines):
    response = client.put(agenda_path(delegate))

    assert response.status_code == 405
    assert "Method Not Allowed (PUT): /en/agenda/***/" in log_lines.getvalue()
    assert delegate.agenda_token not in log_lines.getvalue()


def test_a_security_warning_naming_a_private_link_logs_no_token(delegate, log_lines):
    # As Django's CSRF middleware words a refusal (agenda sign-ups are exempt from it).
    path = agenda_path(delegate)

    logging.getLogger("django.security.csrf").warning("Forbidden (%s): %s", "CSRF", path)

    assert "Forbidden (CSRF): /en/agenda/***/" in log_lines.getvalue()
    assert delegate.agenda_token not in log_lines.getvalue()


def test_a_500_on_a_private_link_logs_no_token_in_the_message_or_traceback(
    delegate, log_lines, monkeypatch
):
    def fail(token: str):
        raise RuntimeError(f"lookup failed for /en/agenda/{token}/")

    monkeypatch.setattr("delegations.views.agenda._agenda_delegate", fail)

    response = Client(raise_request_exception=False).get(agenda_path(delegate))

    assert response.status_code == 500
    written = log_lines.getvalue()
    assert "Internal Server Error: /en/agenda/***/" in written
    assert "RuntimeError: lookup failed for /en/agenda/***/" in written
    assert delegate.agenda_token not in written
