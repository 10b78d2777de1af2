"""Forms of the check-in desk, the badge filter and the personal agenda."""

from django import forms
from django.utils import dateformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from summits.models import Session, Summit

from .selectors import summit_delegations


class SessionChoiceField(forms.ModelChoiceField):
    """Sessions labelled with their local start time, so parallel ones can be told apart."""

    def __init__(self, *, summit: Summit, **kwargs) -> None:
        self.summit = summit
        super().__init__(
            queryset=Session.objects.filter(summit=summit).order_by("starts_at", "pk"), **kwargs
        )

    def label_from_instance(self, session: Session) -> str:
        starts = session.starts_at.astimezone(self.summit.tzinfo)
        return f"{dateformat.format(starts, 'D H:i')} · {session.title}"


class DeskSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name, email, delegation or organisation"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"type": "search", "autocomplete": "off", "autofocus": True, "spellcheck": False}
        ),
    )
    delegate = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, summit: Summit, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["session"] = SessionChoiceField(
            summit=summit,
            label=pgettext_lazy("session of a summit", "Session"),
            required=False,
            empty_label=_("No session: arrivals only"),
        )


class DeskActionForm(forms.Form):
    ARRIVE = "arrive"
    ARRIVE_UNDO = "arrive_undo"
    SESSION = "session"
    SESSION_UNDO = "session_undo"

    action = forms.ChoiceField(
        choices=[
            (ARRIVE, _("Mark arrived")),
            (ARRIVE_UNDO, _("Undo arrival")),
            (SESSION, _("Check in at the session")),
            (SESSION_UNDO, _("Undo the session check-in")),
        ]
    )
    # Carried back to the desk after a check-in without JavaScript.
    q = forms.CharField(required=False, max_length=200)

    def __init__(self, *args, summit: Summit, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["session"] = SessionChoiceField(summit=summit, required=False)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("action") in (self.SESSION, self.SESSION_UNDO) and not data.get("session"):
            raise forms.ValidationError(_("Choose a session first."), code="no_session")
        return data


class BadgeFilterForm(forms.Form):
    def __init__(self, *args, summit: Summit, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["delegation"] = forms.ModelChoiceField(
            queryset=summit_delegations(summit=summit),
            label=_("Delegation"),
            required=False,
            empty_label=_("All delegations"),
        )


class SignupForm(forms.Form):
    SIGN_UP = "signup"
    CANCEL = "cancel"

    action = forms.ChoiceField(choices=[(SIGN_UP, _("Sign up")), (CANCEL, _("Cancel"))])
