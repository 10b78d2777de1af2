"""Production: everything from the environment, HTTPS assumed (behind a TLS proxy).

`python manage.py check --deploy` is clean with these settings (tests/config/test_deploy.py).
"""

import os

# Behind a TLS-terminating proxy unless told otherwise: HSTS, secure cookies, redirects.
os.environ.setdefault("SECURE_SSL", "true")
os.environ.setdefault("DEBUG", "false")

from .base import *  # noqa: E402,F403
