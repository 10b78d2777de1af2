import logging
from datetime import timedelta
from types import SimpleNamespace

from gunicorn.config import Config

from config.access_log import PrivateLinkMaskingLogger, mask_private_links


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
