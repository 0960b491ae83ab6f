"""BadInputMiddleware: a request carrying a NUL byte or bytes that are not UTF-8 is a 400.

NUL bytes cannot be stored in PostgreSQL text, and text that is not UTF-8 cannot be matched,
logged or shown; left to the views, either ends in a 500 somewhere (a query log, a lookup by
path, a search). This middleware runs first and answers 400 with a short Chinese message for
such bytes in the path, the query string, the request headers (cookies included) and the
fields of an urlencoded or multipart form.
"""

from urllib.parse import unquote_to_bytes

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpResponseBadRequest
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _

FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class BadInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_bad_input(request):
            response = HttpResponseBadRequest(
                _("请求中含有无效字符（空字符或非 UTF-8 编码），无法处理。"),
                content_type="text/plain; charset=utf-8")
            response["Cache-Control"] = "no-store"
            return response
        return self.get_response(request)


def is_bad_input(request) -> bool:
    """Whether the path, query string, headers or form fields hold NUL or invalid UTF-8."""
    environ = request.META
    # Django has already re-quoted the path's invalid UTF-8 as %XX (get_path_info).
    if not valid_text(unquote_to_bytes(request.path_info)):
        return True
    if not valid_urlencoded(_wsgi_bytes(environ.get("QUERY_STRING", ""))):
        return True
    for name, value in environ.items():
        if (name.startswith("HTTP_") and isinstance(value, str)
                and not valid_text(_wsgi_bytes(value))):
            return True
    if request.method == "POST":
        return not valid_form(request)
    return False


def valid_text(raw: bytes) -> bool:
    if b"\x00" in raw:
        return False
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def valid_urlencoded(raw: bytes) -> bool:
    """Each name and value of `a=1&b=2`, once percent-decoded, is UTF-8 without NUL."""
    for pair in raw.replace(b";", b"&").split(b"&"):
        for part in pair.split(b"=", 1):
            if not valid_text(unquote_to_bytes(part.replace(b"+", b" "))):
                return False
    return True


def valid_form(request) -> bool:
    content_type = request.content_type or ""
    if content_type == "application/x-www-form-urlencoded":
        try:
            return valid_urlencoded(request.body)
        except RequestDataTooBig:
            return True  # Django answers this itself with a 400 when the view reads the form
    if content_type == "multipart/form-data":
        # Django decodes multipart fields with errors="replace"; only NUL survives decoding.
        try:
            fields = request.POST
        except RequestDataTooBig:
            return True
        except (MultiPartParserError, TooManyFieldsSent, TooManyFilesSent):
            return False  # a broken or oversized multipart body is bad input too
        return not any("\x00" in key or any("\x00" in value for value in fields.getlist(key))
                       for key in fields)
    return True


def _wsgi_bytes(value: str) -> bytes:
    """The bytes the client sent: WSGI hands them over as latin-1 decoded text."""
    try:
        return value.encode("latin-1")
    except UnicodeEncodeError:
        return value.encode("utf-8", "surrogatepass")
