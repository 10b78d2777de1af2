"""Create the local admin account once, printing its password (or using the environment's)."""

import os
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from delegations.attendance.permissions import ORGANISERS


class Command(BaseCommand):
    help = "Create the superuser 'admin' if it does not exist; print how to log in."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument("--url", default="http://127.0.0.1:8000/admin/")

    def handle(self, *args, username: str, url: str, **options) -> None:
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            self.stdout.write(f"Admin: {url} (user '{username}', password as set before)")
            return
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD") or secrets.token_urlsafe(12)
        user = User.objects.create_superuser(username=username, email="", password=password)
        user.groups.add(Group.objects.get(name=ORGANISERS))
        shown = (
            "from DJANGO_SUPERUSER_PASSWORD"
            if "DJANGO_SUPERUSER_PASSWORD" in os.environ
            else password
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Admin: {url}\n  user: {username}\n  password: {shown}\n"
                "  (shown once; change it in the admin)"
            )
        )
