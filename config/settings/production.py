"""Production: everything from the environment, HTTPS assumed (behind a TLS proxy).

`python manage.py check --deploy` is clean with these settings (tests/config/test_deploy.py).
"""

import os

# Behind a TLS-terminating proxy unless told otherwise: HSTS, secure cookies, redirects.
os.environ.setdefault("SECURE_SSL", "true")
os.environ.setdefault("DEBUG", "false")
# That one proxy writes X-Forwarded-For: login throttling keys on the client it names, not
# on the proxy's own address (set TRUSTED_PROXY_COUNT=2 behind a load balancer and nginx).
os.environ.setdefault("TRUSTED_PROXY_COUNT", "1")

from .base import *  # noqa: E402,F403
