import pytest

from tests.mail_server import smtp_server


@pytest.fixture
def mailbox(settings):
    """Django's SMTP backend pointed at a real SMTP server in this process."""
    with smtp_server() as (mailbox, port):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.SITE_URL = "https://summits.example.org"
        yield mailbox


def body(message, subtype: str) -> str:
    return message.get_body(preferencelist=(subtype,)).get_content()
