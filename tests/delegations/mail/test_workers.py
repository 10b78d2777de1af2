"""Mail as deployed: `send_invitations` run as a command over the demo summit, a real
Celery worker process on the machine's Redis, Django's SMTP backend (from `EMAIL_URL`)
talking to a real SMTP server. Every non-cancelled delegate gets exactly one invitation in
their language; a second run sends nothing; an address the server refuses is retried with
back-off, then failed, and sent by `send_outbox --failed` once the server takes it."""

import os
import subprocess
import sys
import time
from collections import Counter

import pytest

from tests import sites
from tests.mail_server import smtp_server

pytestmark = pytest.mark.skipif(not sites.redis_answers(), reason="no Redis on 127.0.0.1:6379")

DEMO_DELEGATES = 246  # 142 from China, 104 from the United States; 5 more cancelled


@pytest.fixture
def mail_site(deployed_files):
    """The deployed demo with a mail server, and a Celery worker on a queue of its own."""
    with smtp_server() as (mailbox, port):
        environment = {
            **deployed_files,
            "EMAIL_URL": f"smtp://127.0.0.1:{port}",
            "CELERY_BROKER_URL": sites.REDIS_FOR_TESTS,
            "CELERY_QUEUE": f"mail-test-{os.getpid()}",
            "MAIL_RETRY_BACKOFF": "0",
            "MAIL_MAX_RETRIES": "2",
            "SITE_URL": "https://summits.example.org",
        }
        celery = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo"]
        log = (sites.Path(deployed_files["STATIC_ROOT"]).parent / "celery.log").open("ab")
        worker = subprocess.Popen(
            [*celery, "--without-heartbeat", "--without-gossip", "--without-mingle"],
            cwd=sites.ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            yield environment, mailbox
        finally:
            worker.terminate()
            worker.wait(timeout=30)
            log.close()


def wait_for(condition, *, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the worker did not send in time"
        time.sleep(0.1)


def test_each_delegate_gets_one_invitation_through_a_worker_never_two(mail_site):
    environment, mailbox = mail_site
    refused = "wang.wei.cn000@demo.example.org"
    mailbox.refuse.add(refused)

    first = sites.manage(environment, "send_invitations", "--summit", "tacoma-2024")
    wait_for(lambda: len(mailbox.received) == DEMO_DELEGATES - 1)
    again = sites.manage(environment, "send_invitations", "--summit", "tacoma-2024")
    time.sleep(1)  # time for anything sent twice to arrive
    assert len(mailbox.received) == DEMO_DELEGATES - 1
    # The refused address: tried, retried twice with back-off, then failed.
    states = sites.manage(environment, "shell", "--no-imports", "-c", FAILED_STATES)
    assert states.split() == ["failed", "3"]

    mailbox.refuse.clear()
    resent = sites.manage(environment, "send_outbox", "--failed")
    wait_for(lambda: len(mailbox.received) == DEMO_DELEGATES)

    assert "Invitations for tacoma-2024: 246 queued." in first
    assert "Not queued: 5 cancelled registrations (nothing is sent to them)." in first
    assert "Invitations for tacoma-2024: 0 queued." in again
    assert "1 messages handed to the senders." in resent
    recipients = Counter(recipient for _sender, (recipient,) in mailbox.envelopes)
    assert len(recipients) == DEMO_DELEGATES and set(recipients.values()) == {1}
    languages = Counter(message["Content-Language"] for message in mailbox.received)
    assert languages == {"zh-hans": 142, "en": 104}


FAILED_STATES = (
    "from delegations.mail.models import OutboxMessage as M;"
    "m = M.objects.exclude(state='sent').get(); print(m.state, m.attempts)"
)
