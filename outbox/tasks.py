"""Background tasks of the mail outbox (django-tasks; `manage.py db_worker` runs them)."""

from django_tasks import task


@task()
def deliver_message(pk: int) -> bool:
    """Send one queued message (enqueued when the transaction that stored it commits)."""
    from .mail import deliver

    return deliver(pk)


@task()
def send_due_messages() -> int:
    """Send every message that is due again; return how many went out."""
    from .mail import deliver_due

    return deliver_due()
