"""Settings for the test suite: fast hashing, no static manifest, a fixed key."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-not-secret")
# Pending imports of this test process (and of the servers it starts) in a folder of its own.
os.environ.setdefault("ATTENDEE_PENDING_IMPORTS_DIR", tempfile.mkdtemp(prefix="pending-imports-"))

from .base import *  # noqa: E402,F403
from .base import STORAGES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_ENABLED = True
# Serve static files from the apps and static/ directly: no collectstatic before tests.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
