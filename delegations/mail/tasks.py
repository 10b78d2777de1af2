"""The Celery task that sends the outbox, with retries and back-off on mail server errors.

Without `CELERY_BROKER_URL` the task runs in the process that queued the messages (after
its commit): `make run` needs no broker. There a failed send is not retried at once
(that would hold the request): the message stays queued for `manage.py send_outbox`.
"""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from delegations.mail.sending import outbox_send


@shared_task(bind=True, ignore_result=True)
def outbox_send_task(self, pks: list[int]) -> None:
    eager = self.request.is_eager
    final = not eager and self.request.retries >= settings.MAIL_MAX_RETRIES
    failed = outbox_send(pks, final=final)
    if failed and not final and not eager:
        # 30 s, 60 s, 120 s... up to an hour: a mail server that is down for a while
        # finds its messages waiting when it is back.
        countdown = min(settings.MAIL_RETRY_BACKOFF * 2**self.request.retries, 3600)
        raise self.retry(args=[failed], countdown=countdown)
