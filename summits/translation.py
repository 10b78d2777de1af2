"""Fields a delegate reads, in English, Simplified Chinese and Arabic (English required)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Organisation, ReleasedSession, Room, Session, Speaker, Summit, Venue


@register(Organisation)
class OrganisationTranslation(TranslationOptions):
    fields = ("name", "short_name")
    required_languages = {"en": ("name",)}


@register(Summit)
class SummitTranslation(TranslationOptions):
    fields = ("title", "theme", "description", "city", "dates_note")
    required_languages = {"en": ("title", "city")}


@register(Venue)
class VenueTranslation(TranslationOptions):
    fields = ("name", "address")
    required_languages = {"en": ("name",)}


@register(Room)
class RoomTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("en",)


@register(Speaker)
class SpeakerTranslation(TranslationOptions):
    fields = ("name", "position", "bio")
    required_languages = {"en": ("name",)}


@register(Session)
class SessionTranslation(TranslationOptions):
    fields = ("title", "description")
    required_languages = {"en": ("title",)}


@register(ReleasedSession)
class ReleasedSessionTranslation(TranslationOptions):
    fields = ("title", "description")
