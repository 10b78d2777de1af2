from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SummitsConfig(AppConfig):
    name = "summits"
    verbose_name = _("Summits")

    def ready(self) -> None:
        from . import caching

        # Rendered feeds and API answers are dropped when the programme changes.
        caching.connect_signals()
