"""Attendee files between an import's preview and its confirmation.

django-import-export keeps them in the file storage "import_export" (settings `STORAGES`,
`IMPORT_EXPORT_TMP_STORAGE_CLASS = MediaStorage`) under a random name, and removes each
when it is confirmed. This module removes the abandoned ones: previews never confirmed hold
delegates' names and emails, and should not outlive their use.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.files.storage import storages
from django.utils import timezone
from import_export.tmp_storages import MediaStorage

# The names MediaStorage gives (uuid4().hex); a confirmation naming anything else is refused.
PENDING_NAME = re.compile(r"[0-9a-f]{32}")


def pending_imports_clear(*, older_than: dt.timedelta) -> int:
    """Remove the pending files written more than `older_than` ago; returns how many."""
    storage = storages["import_export"]
    folder = MediaStorage().MEDIA_FOLDER
    if not storage.exists(folder):
        return 0
    cutoff = timezone.now() - older_than
    removed = 0
    for name in storage.listdir(folder)[1]:
        path = f"{folder}/{name}"
        if PENDING_NAME.fullmatch(name) and storage.get_modified_time(path) < cutoff:
            storage.delete(path)
            removed += 1
    return removed
