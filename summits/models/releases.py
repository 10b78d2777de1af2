"""Published releases of a summit's programme: what delegates read, frozen when an
organiser publishes (pretalx's Schedule and TalkSlot, one row per session per release)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .programme import Room, Session, SessionSpeaker, Speaker, Summit


class ProgrammeRelease(models.Model):
    summit = models.ForeignKey(
        Summit, on_delete=models.CASCADE, related_name="releases", verbose_name=_("summit")
    )
    # Translators: the number of a published release of the programme (1, 2, ...).
    number = models.PositiveIntegerField(pgettext_lazy("programme release", "number"))
    note = models.TextField(
        _("note"), blank=True, help_text=_("Shown to delegates with the list of changes.")
    )
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    # What changed since the previous release, fixed when published (docs/releases.md):
    # records with the texts in every language, so that later edits or deletions of
    # sessions, rooms or speakers never rewrite the history delegates were shown.
    changes = models.JSONField(_("changes"), default=list, blank=True, editable=False)

    class Meta:
        verbose_name = pgettext_lazy("release of a programme", "programme release")
        verbose_name_plural = pgettext_lazy("releases of a programme", "programme releases")
        ordering = ["summit", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["summit", "number"],
                name="programme_release_number_once",
                violation_error_message=_("This summit already has a release with this number."),
            ),
        ]

    def __str__(self) -> str:
        return _("Release %(number)s") % {"number": self.number}

    def get_absolute_url(self) -> str:
        page = reverse("summits:changes", kwargs={"slug": self.summit.slug})
        return f"{page}#release-{self.number}"


class ReleasedSession(models.Model):
    """A session as one release shows it. `session_id` is the working session's id, the
    public identity (URLs, calendar UIDs, frab ids): it stays after that session is
    deleted (no database constraint), so an old release keeps its rows."""

    release = models.ForeignKey(
        ProgrammeRelease,
        on_delete=models.CASCADE,
        related_name="sessions",
        verbose_name=pgettext_lazy("release of a programme", "release"),
    )
    session = models.ForeignKey(
        Session,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="released_copies",
        verbose_name=pgettext_lazy("session of a summit", "session"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Session.Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    room = models.ForeignKey(
        Room,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("room"),
    )
    sequence = models.PositiveIntegerField(_("revision"), default=0)
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        verbose_name = pgettext_lazy("session of a release", "released session")
        verbose_name_plural = pgettext_lazy("sessions of a release", "released sessions")
        ordering = ["starts_at", "room__position", "session_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["release", "session"], name="released_session_once_per_release"
            ),
        ]
        indexes = [models.Index(fields=["release", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "summits:session",
            kwargs={"slug": self.release.summit.slug, "pk": self.session_id},
        )

    # The working session's sign-up settings: sign-ups belong to it, not to a release.
    @property
    def accepts_signups(self) -> bool:
        return self.session.accepts_signups

    @property
    def capacity(self) -> int | None:
        return self.session.capacity


class ReleasedSpeaker(models.Model):
    """Who spoke in a released session, and as what (the person's own record stays live)."""

    session = models.ForeignKey(
        ReleasedSession,
        on_delete=models.CASCADE,
        related_name="speaker_roles",
        verbose_name=pgettext_lazy("session of a release", "released session"),
    )
    speaker = models.ForeignKey(
        Speaker,
        on_delete=models.CASCADE,
        related_name="released_roles",
        verbose_name=_("speaker"),
    )
    role = models.CharField(_("role"), max_length=20, choices=SessionSpeaker.Role.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("speaker in a released session")
        verbose_name_plural = _("speakers in released sessions")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.speaker} ({self.get_role_display()})"
