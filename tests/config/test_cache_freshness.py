"""Cached answers change with the data at once on every worker (issue 10, item 7), over
HTTP as deployed: gunicorn with production settings, three workers sharing Redis, and the
import run as the command it is. The import writes in bulk (no post_save), which used to
leave the API's attendance as it was until its cache entry expired a minute later."""

import json

import pytest

from tests import sites

pytestmark = pytest.mark.skipif(not sites.redis_answers(), reason="no Redis on 127.0.0.1:6379")

SUZHOU = "/api/v1/summits/suzhou-2023"


def attendance(site: sites.Site) -> dict:
    return json.loads(site.get(SUZHOU).body)["attendance"]


def test_an_import_shows_in_the_api_at_once_on_every_worker(deployed_files):
    environment = {**deployed_files, "REDIS_URL": sites.REDIS_FOR_TESTS}
    with sites.gunicorn_site(environment) as site:
        before = [attendance(site) for _ in range(6)]
        sites.manage(
            environment,
            "import_attendees",
            "tests/data/excel_utf8_bom.csv",
            "--summit",
            "suzhou-2023",
        )
        after = [attendance(site) for _ in range(6)]

    # The demo's eight delegates of Suzhou, then the file's four (two new regions each side).
    demo = {"CN": {"delegates": 4, "regions": 1}, "US": {"delegates": 4, "regions": 1}}
    imported = {"CN": {"delegates": 6, "regions": 3}, "US": {"delegates": 6, "regions": 2}}
    assert (before, after) == ([demo] * 6, [imported] * 6)
