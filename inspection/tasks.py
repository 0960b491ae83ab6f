"""The daily inspection (django-tasks): run every rule, keep the result for the dashboard's trend.

`manage.py inspect_site --record` runs it in the daily chores (deploy/portal-daily.service);
`manage.py inspect_site --enqueue` hands it to the task worker instead.
"""

from datetime import date

from django_tasks import task


def record(inspection):
    from inspection.models import InspectionRun

    data = inspection.as_dict()
    return InspectionRun.objects.create(day=inspection.day, veto=inspection.veto,
                                        finding_count=data["finding_count"], result=data)


@task()
def run_daily_inspection(day: str | None = None) -> dict:
    """Inspect the site on `day` (YYYY-MM-DD, default today) and record the run."""
    from inspection.rules import inspect_site

    inspection = inspect_site(date.fromisoformat(day) if day else None)
    run = record(inspection)
    return {"run": run.pk, "veto": run.veto, "findings": run.finding_count}
