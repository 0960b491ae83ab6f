"""Background work of the applications app (django-tasks): lapses, anonymisation.

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
