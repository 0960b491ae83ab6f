"""Serve a checked download through nginx: the site answers with X-Accel-Redirect.

Wagtail's document view (wagtail/documents/views/serve.py) calls the backend named by
SENDFILE_BACKEND once `before_serve_document` has allowed the download. With
DOCUMENTS_X_ACCEL_REDIRECT set (production, see deploy/nginx.conf), this backend names the file
under nginx's `internal` location and nginx streams it; no worker is tied up by a large file,
and the location cannot be requested from outside.
"""

from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils.encoding import escape_uri_path


def sendfile(request, filename, **kwargs):
    media_root = Path(settings.MEDIA_ROOT).resolve()
    path = Path(filename).resolve()
    if not path.is_relative_to(media_root):
        raise Http404
    response = HttpResponse()
    prefix = settings.DOCUMENTS_X_ACCEL_REDIRECT.rstrip("/")
    response["X-Accel-Redirect"] = escape_uri_path(
        f"{prefix}/{path.relative_to(media_root).as_posix()}")
    return response
