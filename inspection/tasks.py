"""The daily inspection (django-tasks): run every rule, keep the result for the dashboard's trend,
and email the office and the departments with findings (inspection.notify).

`manage.py inspect_site --record` runs it in the daily chores (deploy/portal-daily.service);
`manage.py inspect_site --enqueue` hands it to the task worker instead.
"""

from datetime import date

from django_tasks import task


def record(inspection):
    """Keep the run for the dashboard and send the day's emails (none when all is green)."""
    from inspection.models import InspectionRun
    from inspection.notify import problems_per_department, send_inspection_email

    data = inspection.as_dict()
    run = InspectionRun.objects.create(day=inspection.day, veto=inspection.veto,
                                       finding_count=data["finding_count"], result=data,
                                       by_department=problems_per_department(inspection))
    send_inspection_email(inspection)
    return run


@task()
def run_daily_inspection(day: str | None = None) -> dict:
    """Inspect the site on `day` (YYYY-MM-DD, default today) and record the run."""
    from inspection.rules import inspect_site

    inspection = inspect_site(date.fromisoformat(day) if day else None)
    run = record(inspection)
    return {"run": run.pk, "veto": run.veto, "findings": run.finding_count}
