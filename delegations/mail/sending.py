"""Sending outbox messages, each at most once.

Sending claims a row (queued or failed -> sending) in one UPDATE before anything goes out,
so two workers never send the same row; a message whose send raised goes back to the
queue (the task retries it with back-off) or, after the last attempt, to failed, with the
error (addresses masked) for the organisers to see and resend.
"""

from __future__ import annotations

import logging
import re
import smtplib
from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from delegations.mail.models import OutboxMessage

logger = logging.getLogger(__name__)

QUEUED, SENDING, SENT, FAILED = (
    OutboxMessage.State.QUEUED,
    OutboxMessage.State.SENDING,
    OutboxMessage.State.SENT,
    OutboxMessage.State.FAILED,
)
# What a dead or refusing mail server raises: the message waits and is tried again.
SEND_ERRORS = (smtplib.SMTPException, OSError)
_ADDRESS = re.compile(r"[^\s<>\"'(),;:]+@[^\s<>\"'(),;:]+")


def _claim(pks: Sequence[int]) -> list[OutboxMessage]:
    """Take the rows that are queued (or failed, for a resend) for sending, atomically:
    whoever claims a row is the only one to send it."""
    with transaction.atomic():
        # Row locks on PostgreSQL (rows another sender holds are skipped, not waited for);
        # SQLite runs the transaction as its one writer (BEGIN IMMEDIATE).
        claimed = list(
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk__in=pks, state__in=[QUEUED, FAILED])
            .values_list("pk", flat=True)
        )
        OutboxMessage.objects.filter(pk__in=claimed).update(
            state=SENDING, attempts=F("attempts") + 1
        )
    return list(OutboxMessage.objects.filter(pk__in=claimed).order_by("pk"))


def _email(message: OutboxMessage) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.recipient],  # one recipient per message: nobody sees another's address
        headers={"Auto-Submitted": "auto-generated", "Content-Language": message.language},
    )
    email.attach_alternative(message.body_html, "text/html")
    return email


def error_text(error: BaseException) -> str:
    """The error as the organisers see it, without any address it quoted."""
    return _ADDRESS.sub("…", f"{type(error).__name__}: {error}")[:500]


def outbox_send(pks: Sequence[int], *, final: bool = True) -> list[int]:
    """Send the messages `pks` that are still to be sent, over one connection; returns the
    pks that failed. Those go back to the queue, or to failed if `final`."""
    messages = _claim(pks)
    if not messages:
        return []
    failed: dict[int, str] = {}
    sent: list[int] = []
    try:
        with get_connection() as connection:
            for message in messages:
                try:
                    connection.send_messages([_email(message)])
                except SEND_ERRORS as error:
                    failed[message.pk] = error_text(error)
                else:
                    sent.append(message.pk)
    except SEND_ERRORS as error:  # the server did not answer or dropped the connection
        failed.update({m.pk: error_text(error) for m in messages if m.pk not in sent})
    OutboxMessage.objects.filter(pk__in=sent).update(
        state=SENT, sent_at=timezone.now(), last_error=""
    )
    for pk, text in failed.items():
        OutboxMessage.objects.filter(pk=pk).update(
            state=FAILED if final else QUEUED, last_error=text
        )
    logger.info("outbox sent=%d failed=%d", len(sent), len(failed))
    return list(failed)
