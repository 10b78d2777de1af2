"""Who comes to a summit: localities and their sister ties, delegations, delegates."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce, Greatest, Least, Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from summits.models import Session, Summit


class Locality(models.Model):
    """A province or state, or a city within one (when `city` is set)."""

    country = CountryField(_("country"))
    region = models.CharField(
        _("province or state"), max_length=120, help_text=_("For example Fujian or Washington.")
    )
    city = models.CharField(_("city"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("locality")
        verbose_name_plural = _("localities")
        ordering = ["country", "region_en", "city_en"]
        constraints = [
            models.UniqueConstraint(
                "country",
                Lower("region_en"),
                Coalesce(Lower("city_en"), Value("")),
                name="locality_unique_place",
                violation_error_message=_("This place already exists."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.city}, {self.region}" if self.city else str(self.region)

    @property
    def is_city(self) -> bool:
        return bool(self.city_en)


class SisterRelationship(models.Model):
    class Level(models.TextChoices):
        PROVINCE_STATE = "province_state", _("Province–state")
        CITY_CITY = "city_city", _("City–city")

    first = models.ForeignKey(
        Locality, on_delete=models.PROTECT, related_name="+", verbose_name=_("first locality")
    )
    second = models.ForeignKey(
        Locality, on_delete=models.PROTECT, related_name="+", verbose_name=_("second locality")
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    established_in = models.PositiveSmallIntegerField(_("year established"))

    class Meta:
        verbose_name = _("sister relationship")
        verbose_name_plural = _("sister relationships")
        ordering = ["established_in", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(first=F("second")),
                name="sister_relationship_two_places",
                violation_error_message=_("A place cannot be its own sister."),
            ),
            # The same pair in either order is one relationship.
            models.UniqueConstraint(
                Least("first", "second"),
                Greatest("first", "second"),
                name="sister_relationship_unique_pair",
                violation_error_message=_("These two places are already sisters."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first} – {self.second} ({self.established_in})"

    def clean(self) -> None:
        super().clean()
        if not (self.first_id and self.second_id):
            return
        expects_cities = self.level == self.Level.CITY_CITY
        if self.first.is_city != expects_cities or self.second.is_city != expects_cities:
            raise ValidationError(
                {"level": _("A city–city tie joins two cities; a province–state tie two regions.")},
                code="level_mismatch",
            )


class Delegation(models.Model):
    summit = models.ForeignKey(
        Summit, on_delete=models.CASCADE, related_name="delegations", verbose_name=_("summit")
    )
    name = models.CharField(_("name"), max_length=200)
    country = CountryField(_("country"))
    locality = models.ForeignKey(
        Locality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="delegations",
        verbose_name=_("province or state"),
    )

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["country", "name_en"]
        constraints = [
            models.UniqueConstraint(
                "summit",
                Lower("name_en"),
                name="delegation_unique_name_per_summit",
                violation_error_message=_("This summit already has a delegation of this name."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


def new_agenda_token() -> str:
    return secrets.token_urlsafe(24)


class DelegateQuerySet(models.QuerySet):
    def expected(self):
        return self.exclude(status=Delegate.Status.CANCELLED)


class Delegate(models.Model):
    class Role(models.TextChoices):
        HEAD = "head", _("Head of delegation")
        MEMBER = "member", _("Member")
        STAFF = "staff", _("Staff")
        INTERPRETER = "interpreter", _("Interpreter")
        PRESS = "press", _("Press")
        OBSERVER = "observer", _("Observer")

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        CONFIRMED = "confirmed", _("Confirmed")
        ATTENDED = "attended", _("Attended")
        CANCELLED = "cancelled", _("Cancelled")

    summit = models.ForeignKey(
        Summit, on_delete=models.CASCADE, related_name="delegates", verbose_name=_("summit")
    )
    delegation = models.ForeignKey(
        # RESTRICT: a delegation with people cannot be deleted on its own, but deleting
        # the summit takes both (PROTECT would forbid that too).
        Delegation,
        on_delete=models.RESTRICT,
        related_name="delegates",
        verbose_name=_("delegation"),
    )
    locality = models.ForeignKey(
        Locality,
        on_delete=models.PROTECT,
        related_name="delegates",
        verbose_name=_("locality"),
        help_text=_("The delegate's province or state, or city within it."),
    )
    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("email"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    # The language of the delegate's pages and mail; empty: `summits.languages
    # .country_language` of their country (`delegate_language` reads both).
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("Their pages and mail are in this language; empty: their country's."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REGISTERED
    )
    arrived_at = models.DateTimeField(_("arrived at"), null=True, blank=True)
    agenda_token = models.CharField(
        _("private agenda token"),
        max_length=64,
        unique=True,
        default=new_agenda_token,
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = DelegateQuerySet.as_manager()

    class Meta:
        verbose_name = _("delegate")
        verbose_name_plural = _("delegates")
        ordering = ["full_name_en", "pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "summit",
                name="delegate_unique_email_per_summit",
                violation_error_message=_("This summit already has a delegate with this email."),
            ),
        ]
        indexes = [
            models.Index(fields=["summit", "status"]),
            # Covers the check-in desk's counters (per locality, arrived or not), which
            # run at every check-in: an index-only scan instead of reading every row.
            models.Index(
                fields=["summit", "locality", "status", "arrived_at"], name="delegate_desk_counts"
            ),
        ]
        permissions = [
            ("import_delegate", _("Can import delegates from a spreadsheet")),
            ("export_delegate", _("Can export delegates to a spreadsheet")),
            ("check_in_delegate", _("Can check delegates in and print their badges")),
            ("view_attendance_dashboard", _("Can see the attendance dashboard")),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs) -> None:
        # One spelling of an address, so lookups by email need no Lower() per row.
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)


class SessionAttendance(models.Model):
    """A delegate checked in at a session; kept as history, so deletes are protected."""

    delegate = models.ForeignKey(
        Delegate, on_delete=models.PROTECT, related_name="attendances", verbose_name=_("delegate")
    )
    session = models.ForeignKey(
        Session,
        on_delete=models.PROTECT,
        related_name="attendances",
        verbose_name=pgettext_lazy("session of a summit", "session"),
    )
    checked_in_at = models.DateTimeField(_("checked in at"))
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked in by"),
    )

    class Meta:
        verbose_name = _("session attendance")
        verbose_name_plural = _("session attendance")
        ordering = ["-checked_in_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["delegate", "session"],
                name="attendance_once_per_session",
                violation_error_message=_("This delegate is already checked in at this session."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.delegate} @ {self.session}"


class SessionSignupQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(CONFIRMED_SIGNUP)

    def waitlisted(self):
        return self.filter(WAITLISTED_SIGNUP)

    def waiting_list(self):
        """The waiting list in the order it moves up: first come, first served."""
        return self.waitlisted().order_by("created_at", "pk")


class SessionSignup(models.Model):
    """A delegate's place in a session that takes sign-ups, or on its waiting list."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waiting list")

    delegate = models.ForeignKey(
        Delegate, on_delete=models.CASCADE, related_name="signups", verbose_name=_("delegate")
    )
    session = models.ForeignKey(
        Session,
        on_delete=models.CASCADE,
        related_name="signups",
        verbose_name=pgettext_lazy("session of a summit", "session"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    # The waiting list moves up in this order.
    created_at = models.DateTimeField(_("signed up at"), default=timezone.now)

    objects = SessionSignupQuerySet.as_manager()

    class Meta:
        verbose_name = _("session sign-up")
        verbose_name_plural = _("session sign-ups")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["delegate", "session"],
                name="signup_once_per_session",
                violation_error_message=_("This delegate has already signed up for this session."),
            ),
        ]
        indexes = [models.Index(fields=["session", "status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.delegate} @ {self.session} ({self.get_status_display()})"


# The two states of a sign-up as conditions: for the QuerySet above and for counts in
# subqueries (`count_of(SessionSignup, session="pk", where=CONFIRMED_SIGNUP)`).
CONFIRMED_SIGNUP = Q(status=SessionSignup.Status.CONFIRMED)
WAITLISTED_SIGNUP = Q(status=SessionSignup.Status.WAITLISTED)


class AttendanceEvent(models.Model):
    """One recorded change to attendance: who did what to which delegate, and when."""

    class Action(models.TextChoices):
        ARRIVED = "arrived", _("Arrived at the summit")
        ARRIVAL_UNDONE = "arrival_undone", _("Arrival undone")
        CHECKED_IN = "checked_in", _("Checked in at a session")
        CHECK_IN_UNDONE = "check_in_undone", _("Session check-in undone")
        SIGNED_UP = "signed_up", _("Signed up for a session")
        WAITLISTED = "waitlisted", _("Put on a waiting list")
        PROMOTED = "promoted", _("Moved up from the waiting list")
        SIGNUP_CANCELLED = "signup_cancelled", _("Sign-up cancelled")
        STATUS_CHANGED = "status_changed", _("Status changed")
        AGENDA_LINK_REGENERATED = "agenda_link_regenerated", _("Private agenda link regenerated")

    at = models.DateTimeField(_("at"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
        help_text=_(
            "Empty when the delegate acted through their private agenda link, or when the "
            "change came from a command."
        ),
    )
    action = models.CharField(_("action"), max_length=30, choices=Action.choices)
    summit = models.ForeignKey(
        Summit, on_delete=models.CASCADE, related_name="+", verbose_name=_("summit")
    )
    # The trail is about a person: it goes when the person is deleted.
    delegate = models.ForeignKey(
        Delegate,
        on_delete=models.CASCADE,
        related_name="attendance_events",
        verbose_name=_("delegate"),
    )
    session = models.ForeignKey(
        Session,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=pgettext_lazy("session of a summit", "session"),
    )
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    class Meta:
        verbose_name = _("attendance event")
        verbose_name_plural = _("attendance events")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["summit", "-at"]),
            models.Index(fields=["delegate", "action", "-at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.delegate}"


# The outbox lives with the mail it records (delegations/mail/); imported here so that
# Django finds it among the app's models.
from delegations.mail.models import Announcement, OutboxMessage  # noqa: E402, F401
