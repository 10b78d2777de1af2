"""The outbox: every message to a delegate is a row before it is sent, and stays one after.

Registered with the delegations app through `delegations.models`, which imports it."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


class OutboxMessage(models.Model):
    """One message to one delegate, in their language, and what became of it."""

    class Kind(models.TextChoices):
        INVITATION = "invitation", _("Invitation")
        CHANGE_NOTICE = "change_notice", _("Programme change notice")
        PROMOTION = "promotion", _("Seat from the waiting list")
        ANNOUNCEMENT = "announcement", _("Message from the organisers")

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    # What makes a message the same message: `invitation:<delegate>`,
    # `promotion:<signup>`, `change_notice:<delegate>:<release>`. Unique, so that
    # nothing clicked twice, retried or run again ever queues it a second time.
    key = models.CharField(_("key"), max_length=120, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    summit = models.ForeignKey(
        "summits.Summit", on_delete=models.CASCADE, related_name="+", verbose_name=_("summit")
    )
    delegate = models.ForeignKey(
        "delegations.Delegate",
        on_delete=models.CASCADE,
        related_name="messages",
        verbose_name=_("delegate"),
    )
    # The address and the text as they were when the message was queued: what was sent.
    recipient = models.EmailField(_("recipient"))
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=300)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    queued_at = models.DateTimeField(_("queued"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        app_label = "delegations"
        verbose_name = _("message")
        verbose_name_plural = _("outbox")
        ordering = ["-queued_at", "-pk"]
        indexes = [models.Index(fields=["summit", "state", "kind"])]
        permissions = [("resend_outboxmessage", _("Can resend a failed message"))]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.delegate}"


class Announcement(models.Model):
    """A message the organisers write, in each language, to a chosen set of a summit's
    delegates: all of them, or those of a delegation, of a country, or signed up (or
    waiting) for a session; every criterion given narrows the set."""

    summit = models.ForeignKey(
        "summits.Summit", on_delete=models.CASCADE, related_name="+", verbose_name=_("summit")
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(
        _("message"), help_text=_("Plain text; an empty line starts a new paragraph.")
    )
    delegation = models.ForeignKey(
        "delegations.Delegation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("only the delegation"),
    )
    country = CountryField(_("only the country"), blank=True)
    session = models.ForeignKey(
        "summits.Session",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("only those signed up for"),
        help_text=_("With a seat or on the waiting list."),
    )
    created_at = models.DateTimeField(_("written"), default=timezone.now, editable=False)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True, editable=False)

    class Meta:
        app_label = "delegations"
        verbose_name = _("message to delegates")
        verbose_name_plural = _("messages to delegates")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.subject
