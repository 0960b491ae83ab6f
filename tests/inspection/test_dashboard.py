"""The office's dashboard: red/yellow/green per rule, each finding linked to the page's edit
view, per department, 12 months of runs; nobody outside the office sees it."""

from datetime import timedelta

import pytest
from django.urls import reverse

from inspection.models import InspectionRun, InspectionSettings, LeaderName
from workdays.local_time import local_today

pytestmark = pytest.mark.django_db


@pytest.fixture
def office_user(make_user, roles):
    return make_user("office", "政务公开办公室")


def test_office_sees_each_rule_coloured_and_each_finding_linked_to_its_page(
        client, office_user, make_column, make_news, department):
    today = local_today()
    column = make_column("工作动态", "news")
    LeaderName.objects.create(name="张三", title="主任", miswritten="张叁")
    news = make_news(column, today, body="<p>主任张叁出席。</p>")
    make_column("人事信息", "other")
    InspectionRun.objects.create(day=today - timedelta(days=1), veto=True, finding_count=3,
                                 result={"rules": [{"key": "errors", "status": "red"},
                                                   {"key": "links", "status": "yellow"}]},
                                 by_department={department.name: 3})
    client.force_login(office_user)
    response = client.get(reverse("inspection_dashboard"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'inspection-red" data-rule="errors"' in html
    assert 'inspection-yellow" data-rule="columns"' in html
    assert 'inspection-green" data-rule="home"' in html
    assert reverse("wagtailadmin_pages:edit", args=[news.pk]) in html
    assert department.name in html  # the column's department owns the findings
    assert "逐页检查（链接、错敏词、发布日期）：全量检查" in html  # the first run reads every page
    again = client.get(reverse("inspection_dashboard")).content.decode()
    assert "：增量检查，本次检查" in again
    month = today.strftime("%Y-%m")
    trend = response.context["trend"]
    assert trend[-1]["month"] == month and len(trend) == 12
    assert sum(row["veto_days"] for row in trend) == 1
    # The trend per rule and per department, months as columns.
    errors_line = next(line for line in response.context["per_rule"] if line["label"] == "错敏词")
    assert errors_line["cells"][-1 if (today - timedelta(days=1)).month == today.month else -2][
        "red"] == 1
    departments = response.context["per_department_trend"]
    assert [line["name"] for line in departments] == [department.name]
    assert max(departments[0]["cells"]) == 3


@pytest.mark.parametrize("group", ["信息员", "科室负责人", "审计管理员"])
def test_other_roles_are_refused(client, make_user, roles, group):
    """Wagtail's admin answers a refused view with a redirect to the dashboard and a message."""
    client.force_login(make_user("someone", group))
    response = client.get(reverse("inspection_dashboard"))
    assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")


def test_the_office_may_tune_the_thresholds_and_the_word_lists(client, office_user):
    client.force_login(office_user)
    url = reverse("wagtailsettings:edit", args=["inspection", "inspectionsettings"])
    response = client.get(url, follow=True)
    assert response.status_code == 200
    url = response.redirect_chain[-1][0]
    settings = InspectionSettings.load()
    fields = {name: getattr(settings, name) for name in (
        "home_stale_days", "news_stale_days", "notice_stale_months", "policy_stale_months",
        "other_stale_months", "stale_columns_veto", "long_stale_columns_veto",
        "blank_columns_veto", "message_watch_days")}
    client.post(url, dict(fields, home_stale_days=7), follow=True)
    assert InspectionSettings.load().home_stale_days == 7
    response = client.post(url, dict(fields, blank_columns_veto=0), follow=True)
    assert "须至少为1。" in response.content.decode()
    assert InspectionSettings.load().blank_columns_veto == 5
    assert client.get(reverse("wagtailsnippets_inspection_leadername:add")).status_code == 200
    assert client.get(reverse("wagtailsnippets_inspection_wrongexpression:add")).status_code == 200


@pytest.mark.parametrize(("url_name", "title"), [
    ("inspection_dashboard", "网站检查"), ("inspection_website_report", "政府网站工作年度报表")])
def test_the_header_names_the_page_not_home(client, office_user, url_name, title):
    client.force_login(office_user)
    html = client.get(reverse(url_name)).content.decode()
    # Without its own breadcrumb the header showed only 首页 (Home).
    breadcrumbs = html[html.index("w-breadcrumbs"):]
    breadcrumbs = breadcrumbs[:breadcrumbs.index("</nav>")]
    assert title in breadcrumbs
