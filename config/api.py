"""The public API under /api/v1/, assembled from the routers each app owns."""

from ninja import NinjaAPI

from summits.api.router import router as programme_router

API_PATH = "api/v1/"

api = NinjaAPI(
    title="Sister Summits",
    version="1",
    description=(
        "The summits, their programmes and aggregate attendance, read-only. Text in the "
        "language of `?lang=` or `Accept-Language` (en, zh-hans, ar), English otherwise. "
        "Times are ISO 8601 with the summit's own UTC offset; `timezone` names the zone."
    ),
    urls_namespace="api-v1",
)
api.add_router("", programme_router)
