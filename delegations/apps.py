from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class DelegationsConfig(AppConfig):
    name = "delegations"
    verbose_name = _("Delegations")

    def ready(self) -> None:
        from .services import groups_sync_after_migrate

        # Permissions exist only after post_migrate, so the groups follow them there.
        post_migrate.connect(groups_sync_after_migrate, sender=self)
