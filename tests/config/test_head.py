"""HEAD answers as GET would, without the body (issue 10, item 8): the API's operations
name only GET, so django-ninja answered 405 before."""

import pytest

from tests import sites

pytestmark = pytest.mark.django_db

API_PATHS = [
    "/api/v1/summits",
    "/api/v1/summits/tacoma-2024",
    "/api/v1/summits/tacoma-2024/schedule?kind=keynote",
    "/api/v1/openapi.json",
]
SAME_HEADERS = ("Content-Type", "Content-Length", "ETag", "Cache-Control", "Content-Language")


@pytest.mark.parametrize("path", API_PATHS)
def test_head_on_the_api_answers_the_headers_of_get(client, tacoma, path):
    got = client.get(path)
    head = client.head(path)

    assert (head.status_code, head.content) == (200, b"")
    assert {name: head.headers.get(name) for name in SAME_HEADERS} == {
        name: got.headers.get(name) for name in SAME_HEADERS
    }


def test_head_on_a_missing_summit_is_404_like_get(client, tacoma):
    assert client.head("/api/v1/summits/nowhere").status_code == 404


def test_the_api_still_refuses_writes(client, tacoma):
    assert client.post("/api/v1/summits").status_code == 405


def test_head_on_a_page_says_the_length_of_its_body(client, tacoma):
    got = client.get("/en/summits/tacoma-2024/")
    head = client.head("/en/summits/tacoma-2024/")

    assert (head.status_code, head["Content-Length"]) == (200, str(len(got.content)))


def test_head_on_the_api_over_http(deployed_files):
    with sites.gunicorn_site(deployed_files) as site:
        got = site.get("/api/v1/summits/tacoma-2024/schedule")
        head = site.browser().request("HEAD", "/api/v1/summits/tacoma-2024/schedule")

    assert (head.status, head.body) == (200, b"")
    assert (head.headers["Content-Length"], head.headers["ETag"]) == (
        str(len(got.body)),
        got.headers["ETag"],
    )
