"""A recorded daily run keeps the problems per department for the dashboard's 12-month trend."""

from datetime import timedelta

import pytest

from inspection.models import InspectionRun, LeaderName
from inspection.rules import inspect_site
from inspection.tasks import record
from inspection.views import trend
from workdays.local_time import local_today

pytestmark = pytest.mark.django_db


def test_a_recorded_run_counts_the_problems_of_each_department_and_the_trend_shows_them(
        make_column, make_news, department):
    LeaderName.objects.create(name="张三", miswritten="张叁")
    make_news(make_column("工作动态", "news"), local_today() - timedelta(days=1),
              body="<p>张叁</p>")
    make_column("空栏目", "other")
    run = record(inspect_site())
    assert run.by_department == {department.name: 2}
    month = trend(local_today())[-1]
    assert month["departments"][department.name] == 2
    assert month["rules"]["errors"]["red"] == 1 and month["rules"]["columns"]["yellow"] == 1
    assert InspectionRun.objects.count() == 1
