"""Background tasks of the publishing app (django-tasks; `manage.py db_worker` runs them)."""

# Workflow emails go through the site's mail outbox (outbox.tasks).

# The daily deadline reminder lives with the calendar (publishing/calendar_tasks.py).
from publishing.calendar_tasks import send_deadline_reminders  # noqa: E402, F401
