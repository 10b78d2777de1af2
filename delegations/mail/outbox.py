"""Queueing messages in the outbox, and handing them to the senders (`tasks`).

Queueing writes a row per message under a key that says what the message is
(`invitation:<delegate>`); the key is unique, so a second click, a retry or a second run
queues nothing. The rows are written together, then handed to the Celery workers after
the commit, in batches (one SMTP connection each); `sending` sends each at most once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction

from delegations.mail.compose import compose
from delegations.mail.models import OutboxMessage
from delegations.mail.tasks import outbox_send_task
from delegations.models import Delegate

logger = logging.getLogger(__name__)


@dataclass
class QueueReport:
    """What queueing a kind of message for a set of delegates did (or, in a dry run,
    would do)."""

    queued: int = 0
    already: int = 0  # queued or sent before: never twice
    cancelled: int = 0  # registration cancelled: nothing is sent to them
    unreachable: int = 0  # no email address
    pks: list[int] = field(default_factory=list)  # the rows queued


def message_key(kind: str, *parts: object) -> str:
    return ":".join([kind, *map(str, parts)])


def messages_queue(
    kind: str,
    delegates: Iterable[Delegate],
    *,
    key_parts: Callable[[Delegate], Sequence[object]],
    context: Callable[[Delegate], dict[str, Any]],
    dry_run: bool = False,
) -> QueueReport:
    """Queue the message of `kind` for each delegate (summit and locality loaded) that has
    not had it: `key_parts(delegate)` names the message, `context(delegate)` what its
    templates need. The rows are written together and sent after the commit."""
    report = QueueReport()
    candidates: dict[str, Delegate] = {}
    for delegate in delegates:
        if delegate.status == Delegate.Status.CANCELLED:
            report.cancelled += 1
        elif not delegate.email:
            report.unreachable += 1
        else:
            candidates[message_key(kind, *key_parts(delegate))] = delegate
    existing = set(
        OutboxMessage.objects.filter(key__in=list(candidates)).values_list("key", flat=True)
    )
    report.already = len(existing)
    new = {key: delegate for key, delegate in candidates.items() if key not in existing}
    if dry_run:
        report.queued = len(new)
    else:
        _rows_write(kind, new, context, report)
    logger.info(
        "outbox queued kind=%s queued=%d already=%d cancelled=%d unreachable=%d",
        kind,
        report.queued,
        report.already,
        report.cancelled,
        report.unreachable,
    )
    return report


def _rows_write(
    kind: str,
    delegates: dict[str, Delegate],
    context: Callable[[Delegate], dict[str, Any]],
    report: QueueReport,
) -> None:
    rows = []
    for key, delegate in delegates.items():
        composed = compose(kind, delegate, context(delegate))
        rows.append(
            OutboxMessage(
                key=key,
                kind=kind,
                summit_id=delegate.summit_id,
                delegate=delegate,
                recipient=delegate.email,
                language=composed.language,
                subject=composed.subject,
                body_text=composed.text,
                body_html=composed.html,
            )
        )
    with transaction.atomic():
        # A message queued meanwhile by someone else is skipped, not an error.
        OutboxMessage.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
        report.pks = list(
            OutboxMessage.objects.filter(
                key__in=list(delegates), state=OutboxMessage.State.QUEUED, attempts=0
            ).values_list("pk", flat=True)
        )
        report.queued = len(report.pks)
        report.already += len(rows) - report.queued
        if report.pks:
            transaction.on_commit(lambda: outbox_dispatch(report.pks))


def outbox_dispatch(pks: Sequence[int]) -> None:
    """Hand the messages to the workers in batches (one SMTP connection each). When the
    broker does not answer, they stay queued for `send_outbox`; nothing is lost."""
    size = settings.MAIL_BATCH_SIZE
    for start in range(0, len(pks), size):
        batch = list(pks[start : start + size])
        try:
            outbox_send_task.apply_async(args=[batch], retry=False)
        except Exception:  # kombu's OperationalError, a refused connection...
            logger.warning("outbox broker unavailable: %d messages stay queued", len(batch))
            return
