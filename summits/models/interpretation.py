"""The languages of a session: spoken on the floor, or interpreted into on a receiver
channel, and the interpreters each summit books (private: never on a public page, feed
or API answer). See docs/interpretation.md."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from .programme import Session, Summit
from .releases import ReleasedSession

# Receivers for simultaneous interpretation offer a few dozen channels; 0 is the floor.
CHANNELS = (1, 99)


class Interpreter(models.Model):
    summit = models.ForeignKey(
        Summit, on_delete=models.CASCADE, related_name="interpreters", verbose_name=_("summit")
    )
    name = models.CharField(_("name"), max_length=200)
    working_languages = models.CharField(
        _("working languages"),
        max_length=200,
        blank=True,
        help_text=_("For example “Chinese ↔ English”."),
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("interpreter")
        verbose_name_plural = _("interpreters")
        ordering = ["summit", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["summit", "name"],
                name="interpreter_name_once_per_summit",
                violation_error_message=_("This summit already has an interpreter of this name."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class LanguageQuerySet(models.QuerySet):
    def floor(self):
        return self.filter(channel__isnull=True)

    def interpreted(self):
        return self.filter(channel__isnull=False)


class LanguageOfSession(models.Model):
    """What a working session and a released one share: a language and, when delegates
    hear it through interpretation, the channel their receivers tune to."""

    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    channel = models.PositiveSmallIntegerField(
        _("channel"),
        null=True,
        blank=True,
        validators=[MinValueValidator(CHANNELS[0]), MaxValueValidator(CHANNELS[1])],
        help_text=_(
            "The receiver channel for interpretation into this language; "
            "leave it empty for a language spoken on the floor."
        ),
    )

    objects = LanguageQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = [F("channel").asc(nulls_first=True), "language"]

    def __str__(self) -> str:
        name = self.get_language_display()
        if self.channel is None:
            return gettext("%(language)s on the floor") % {"language": name}
        return gettext("%(language)s on channel %(channel)s") % {
            "language": name,
            "channel": self.channel,
        }

    @property
    def is_floor(self) -> bool:
        return self.channel is None


class SessionLanguage(LanguageOfSession):
    session = models.ForeignKey(
        Session,
        on_delete=models.CASCADE,
        related_name="languages",
        verbose_name=pgettext_lazy("session of a summit", "session"),
    )
    interpreters = models.ManyToManyField(
        Interpreter,
        related_name="bookings",
        blank=True,
        verbose_name=_("interpreters"),
        help_text=_("Who interprets into this language (never shown to delegates)."),
    )

    class Meta(LanguageOfSession.Meta):
        verbose_name = _("language of a session")
        verbose_name_plural = _("languages and interpretation")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "language"],
                name="session_language_once",
                violation_error_message=_("This language is already listed for this session."),
            ),
            # In one room at one time there is one session: its channels are distinct.
            models.UniqueConstraint(
                fields=["session", "channel"],
                name="session_channel_once",
                violation_error_message=_("This channel already carries another language."),
            ),
            models.CheckConstraint(
                condition=Q(channel__isnull=True) | Q(channel__gte=CHANNELS[0]),
                name="session_channel_positive",
            ),
        ]

    def clash_for_interpreter(self, interpreter: Interpreter) -> str | None:
        """A message naming the other session, room and time in which `interpreter` is
        already booked while this session runs, if any (one booth at a time)."""
        session = self.session
        if not (session.starts_at and session.ends_at):
            return None
        clash = (
            Session.objects.overlapping(starts_at=session.starts_at, ends_at=session.ends_at)
            .filter(languages__interpreters=interpreter)
            .exclude(pk=session.pk)
            .select_related("room", "summit")
            .first()
        )
        if clash is None:
            return None
        zone = clash.summit.tzinfo
        return gettext(
            "%(interpreter)s already interprets “%(other)s” (%(room)s) from %(start)s to %(end)s."
        ) % {
            "interpreter": interpreter,
            "other": clash.title,
            "room": clash.room or gettext("no room"),
            "start": clash.starts_at.astimezone(zone).strftime("%H:%M"),
            "end": clash.ends_at.astimezone(zone).strftime("%H:%M"),
        }


class ReleasedSessionLanguage(LanguageOfSession):
    """A language of a released session, as that release shows it (no interpreters)."""

    session = models.ForeignKey(
        ReleasedSession,
        on_delete=models.CASCADE,
        related_name="languages",
        verbose_name=pgettext_lazy("session of a release", "released session"),
    )

    class Meta(LanguageOfSession.Meta):
        verbose_name = _("language of a released session")
        verbose_name_plural = _("languages of released sessions")
