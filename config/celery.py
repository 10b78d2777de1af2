"""The Celery application: settings from Django's (`CELERY_*`), tasks from the apps.

Run a worker beside gunicorn with `celery -A config worker` (docs/deploy.md)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

app = Celery("sister_summits")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["delegations.mail"])
