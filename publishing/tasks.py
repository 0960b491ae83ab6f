"""Background tasks of the publishing app (django-tasks; `manage.py db_worker` runs them)."""

from django.core.mail import send_mail
from django_tasks import task


@task()
def send_workflow_email(subject: str, body: str, recipients: list[str]) -> int:
    """Send one workflow notification; a failure stays in the task result, never in a request."""
    return send_mail(subject, body, None, recipients)

