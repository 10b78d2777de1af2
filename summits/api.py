"""The public, read-only JSON API under /api/v1/ (filled out by issue 4)."""

from ninja import NinjaAPI

api = NinjaAPI(title="Sister Summits", version="1", urls_namespace="api-v1")
