from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_save
from django.utils.translation import gettext_lazy as _


class DelegationsConfig(AppConfig):
    name = "delegations"
    verbose_name = _("Delegations")

    def ready(self) -> None:
        from summits import attendance, caching
        from summits.models import Session
        from summits.publishing import release_published

        from .attendance.permissions import groups_sync_after_migrate
        from .attendance.sessions import refuse_moving_held_sessions
        from .mail.changes import change_notices_on_release
        from .models import Delegate, Delegation, Locality
        from .selectors import summits_attendance

        # Permissions exist only after post_migrate, so the groups follow them there.
        post_migrate.connect(groups_sync_after_migrate, sender=self)
        # The summits' pages, admin and API show attendance figures counted here, and
        # drop their cached copies when the people change.
        attendance.attendance_source_register(summits_attendance)
        caching.invalidate_on(caching.ATTENDANCE, Locality, Delegation, Delegate)
        # A session that delegates hold stays in its summit, however it is saved.
        pre_save.connect(refuse_moving_held_sessions, sender=Session, dispatch_uid="session-held")
        # A release mails a notice to each delegate whose sessions it changes.
        release_published.connect(change_notices_on_release, dispatch_uid="change-notices")
