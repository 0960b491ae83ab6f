"""Writing the login audit trail: one function every event goes through."""

from clientaddress import client_address

from .models import LoginEvent

Kind = LoginEvent.Kind


def record(kind: str, request=None, *, user=None, username: str = "", method: str = "",
           detail: str = "") -> LoginEvent:
    """Add one event: the account (or the name typed for an unknown one), the client's address
    as `clientaddress` trusts it, how the person authenticated and what happened."""
    if user is not None and not getattr(user, "pk", None):
        user = None
    if user is not None and not username:
        username = user.get_username()
    return LoginEvent.objects.create(
        kind=kind, user=user, username=(username or "")[:150],
        address=client_address(request)[:45] if request is not None else "",
        method=method[:40], superuser=bool(user is not None and user.is_superuser),
        detail=detail[:500],
    )
