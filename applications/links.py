"""Expiring signed links to released files and letters (django.core.signing.TimestampSigner)."""

from django.core import signing
from django.urls import reverse

from .conf import setting

SALT = "applications.private-file"


def file_link(obj) -> str:
    """A link to a ReleasedFile or Letter, valid for APPLICATION_LINK_MAX_AGE seconds."""
    token = signing.TimestampSigner(salt=SALT).sign_object(
        {"kind": obj._meta.model_name, "id": obj.pk})
    return reverse("applications:file", args=[token])


def resolve_file_link(token: str):
    """The object a token names; raises signing.BadSignature (or SignatureExpired) if not valid."""
    from .models import Letter, ReleasedFile

    data = signing.TimestampSigner(salt=SALT).unsign_object(
        token, max_age=setting("APPLICATION_LINK_MAX_AGE"))
    model = {"releasedfile": ReleasedFile, "letter": Letter}.get(data.get("kind"))
    if model is None:
        raise signing.BadSignature("unknown kind")
    obj = model.objects.filter(pk=data.get("id"), application__anonymised_at__isnull=True).first()
    if obj is None:
        raise signing.BadSignature("gone")
    return obj
