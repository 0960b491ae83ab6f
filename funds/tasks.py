"""Background steps of an import, so a 100,000-row file never holds a web request and the
admin shows its progress (the job's `processed` counter, polled by the progress bar)."""

from __future__ import annotations

import logging
import os

from django_tasks import task

logger = logging.getLogger(__name__)
PREVIEW_ROWS = 20


@task()
def check_import(job_id: int) -> str:
    """Check every line of the job's file; keep its errors or a masked preview."""
    from funds.importer import check_file
    from funds.models import ImportJob
    from personaldata.masking import mask_id_number, mask_name

    job = ImportJob.objects.select_related("batch__fund").get(pk=job_id)
    ImportJob.objects.filter(pk=job.pk).update(expected=count_lines(job))
    with open(job.stored_path, "rb") as handle:
        result = check_file(job.batch, handle, job.file_name, progress=_progress(job))
    job.lines, job.total, job.processed = result.lines, result.total, result.lines
    job.errors, job.error_count = result.errors, result.error_count
    if result.ok:
        job.state = ImportJob.CHECKED
        job.preview = [[row["line"], mask_name(row["name"]), mask_id_number(row["id_number"]),
                        row["township"], row["village"], row["project"], f"{row['amount']:.2f}",
                        row["paid_on"].isoformat(), row["method"]]
                       for row in result.rows[:PREVIEW_ROWS]]
    else:
        job.state = ImportJob.REJECTED
        discard_file(job)
    job.save()
    return job.state


@task()
def store_import(job_id: int, user_id: int) -> str:
    """Check the file again (the fund's other batches may have changed) and store it."""
    from django.contrib.auth import get_user_model

    from funds.actions import ImportRows
    from funds.importer import check_file
    from funds.models import ImportJob

    job = ImportJob.objects.select_related("batch__fund").get(pk=job_id)
    user = get_user_model().objects.get(pk=user_id)
    try:
        with open(job.stored_path, "rb") as handle:
            result = check_file(job.batch, handle, job.file_name)
        if not result.ok:
            job.state, job.errors, job.error_count = (ImportJob.REJECTED, result.errors,
                                                      result.error_count)
        else:
            job.processed = 0
            ImportRows(job.batch, result, user=user, file_name=job.file_name,
                       progress=_progress(job)).execute()
            job.state, job.processed = ImportJob.STORED, result.lines
    except Exception as error:  # the job records the failure; nothing was stored
        logger.exception("import job %s failed", job_id)
        job.state = ImportJob.FAILED
        job.errors = [str(error) if isinstance(error, PermissionError) else
                      "导入失败，未保存任何数据。"]
    discard_file(job)
    job.save()
    return job.state


def count_lines(job) -> int:
    """About how many lines the file holds (the progress bar's end)."""
    if job.file_name.lower().endswith(".csv"):
        with open(job.stored_path, "rb") as handle:
            return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
    try:
        from openpyxl import load_workbook

        workbook = load_workbook(job.stored_path, read_only=True)
        return int(workbook.worksheets[0].max_row or 0)
    except Exception:  # the check itself reports an unreadable file
        return 0


def discard_file(job) -> None:
    """The uploaded file holds personal data: it is removed as soon as the job no longer
    needs it."""
    if job.stored_path and os.path.exists(job.stored_path):
        os.remove(job.stored_path)
    job.stored_path = ""


def _progress(job):
    from funds.models import ImportJob

    def report(count: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(processed=count)

    return report
