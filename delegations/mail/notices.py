"""The messages the app sends on its own: a delegate's invitation, and the notice that a
seat from the waiting list is theirs (the notice after a programme release is in
`changes`)."""

from __future__ import annotations

from collections.abc import Sequence

from delegations.mail.models import OutboxMessage
from delegations.mail.outbox import QueueReport, messages_queue
from delegations.models import Delegate, SessionSignup
from summits.models import Summit
from summits.selectors import summit_programme

INVITATION = OutboxMessage.Kind.INVITATION
PROMOTION = OutboxMessage.Kind.PROMOTION


def invitations_queue(*, summit: Summit, dry_run: bool = False) -> QueueReport:
    """Each delegate's invitation to `summit` (their private agenda link and its feed),
    unless it was queued before; none for a cancelled registration."""
    delegates = (
        Delegate.objects.filter(summit=summit).select_related("summit", "locality").order_by("pk")
    )
    # The published programme's first session: what delegates will find in their agenda.
    first_session = summit_programme(summit=summit).first()
    return messages_queue(
        INVITATION,
        delegates,
        key_parts=lambda delegate: (delegate.pk,),
        context=lambda delegate: {"first_session": first_session},
        dry_run=dry_run,
    )


def promotions_queue(signups: Sequence[SessionSignup]) -> QueueReport:
    """For each sign-up just moved up from a waiting list (delegate, their summit and
    locality, and the session loaded), the notice that the seat is theirs."""
    by_delegate = {signup.delegate_id: signup for signup in signups}
    return messages_queue(
        PROMOTION,
        [signup.delegate for signup in signups],
        key_parts=lambda delegate: (by_delegate[delegate.pk].pk,),
        context=lambda delegate: {"session": by_delegate[delegate.pk].session},
    )
