"""Fields a delegate reads, in English, Simplified Chinese and Arabic (English required)."""

from modeltranslation.translator import TranslationOptions, register

from .mail.models import Announcement
from .models import Delegate, Delegation, Locality


@register(Locality)
class LocalityTranslation(TranslationOptions):
    fields = ("region", "city")
    required_languages = {"en": ("region",)}


@register(Delegation)
class DelegationTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("en",)


@register(Delegate)
class DelegateTranslation(TranslationOptions):
    fields = ("full_name",)
    required_languages = ("en",)


@register(Announcement)
class AnnouncementTranslation(TranslationOptions):
    fields = ("subject", "body")
    required_languages = ("en",)
