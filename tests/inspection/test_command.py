"""`manage.py inspect_site`: exit status 1 on a single-veto item, 0 otherwise; json output;
--record keeps the run for the dashboard; a bad date is a clear message."""

import json
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from inspection.models import InspectionRun
from workdays.local_time import local_today

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    try:
        call_command("inspect_site", *args, stdout=out)
    except SystemExit as exit_:
        return exit_.code, out.getvalue()
    return 0, out.getvalue()


def test_exit_1_on_a_single_veto_and_0_once_fixed(make_column, make_news):
    column = make_column("工作动态", "news")
    make_news(column, local_today() - timedelta(days=20))
    code, out = run("--format", "json")
    data = json.loads(out)
    assert code == 1 and data["veto"] is True
    assert {r["key"]: r["status"] for r in data["rules"]}["home"] == "red"
    make_news(column, local_today())
    code, out = run("--format", "json")
    assert code == 0 and json.loads(out)["veto"] is False


def test_record_keeps_the_run_and_text_output_names_each_rule(make_column, make_news):
    make_news(make_column("工作动态", "news"), local_today())
    code, out = run("--record")
    assert code == 0 and "【绿】 首页更新" in out
    run_ = InspectionRun.objects.get()
    assert run_.veto is False and run_.result["rules"][0]["key"] == "home"


def test_a_bad_date_is_refused_in_chinese(db):
    with pytest.raises(CommandError, match="日期“2026-13-01”无效"):
        call_command("inspect_site", "--date", "2026-13-01")


def test_the_daily_task_records_a_run(make_column, make_news):
    from inspection.tasks import run_daily_inspection

    make_news(make_column("工作动态", "news"), date(2026, 6, 1))
    result = run_daily_inspection.enqueue("2026-06-30")
    assert result.return_value["veto"] is True
    assert InspectionRun.objects.get().day == date(2026, 6, 30)
