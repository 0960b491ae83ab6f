"""Background work of the applications app (django-tasks): lapses, anonymisation, reply
letters, reminders before the due date.

Emails to applicants go through the site's mail outbox (`outbox`), which sends and retries them.
"""

from django_tasks import task


@task()
def close_lapsed_applications() -> int:
    from .actions import close_lapsed

    return len(close_lapsed())


@task()
def anonymise_expired_applications() -> int:
    from .retention import anonymise_expired

    return anonymise_expired()


@task()
def build_reply_letter(draft_pk: int) -> str:
    """The reply letter of a drafted reply, made outside the request (about 3 s)."""
    from .letters import build_draft_letter

    return build_draft_letter(draft_pk)


@task()
def announce_due_applications() -> int:
    from .reminders import announce_due_soon

    return announce_due_soon()
