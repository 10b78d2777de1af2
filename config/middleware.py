"""Project-wide middleware."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

from .api import API_PATH


class HeadMiddleware:
    """HEAD is GET without the body (RFC 9110, 9.3.2). django-ninja routes only the methods
    an operation names, so the API's GET operations answer HEAD as GET here (its OpenAPI
    description stays GET-only, as HEAD is implied); and no HEAD answer carries a body,
    which gunicorn would otherwise drop with a warning per request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.method != "HEAD":
            return self.get_response(request)
        as_get = request.path_info.startswith(f"/{API_PATH}")
        if as_get:
            request.method = "GET"
        response = self.get_response(request)
        if as_get:
            request.method = "HEAD"
        if not response.streaming:
            response["Content-Length"] = str(len(response.content))
            response.content = b""
        return response
