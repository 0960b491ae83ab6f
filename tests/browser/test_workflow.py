"""The workflow 公开发布审批 in a real browser: the editor submits, each role approves in its
modal, and the public finds the page."""

import pytest
from wagtail.models import Page

from confidentiality.models import FORBIDDEN_CATEGORIES
from portal.models import SectionPage
from publishing.workflow import setup_workflow
from tests.browser.conftest import as_new_visitor

# serialized_rollback: the flush after the test would also remove the root page of the migrations.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITLE = "关于调整门诊服务时间的通知"


@pytest.fixture
def workflow_site(home, roles, make_department, make_user):
    department, (section,) = make_department("yizheng", "医政医管科", home, ("医政信息",))
    setup_workflow(roots=[section])
    section.save_revision().publish()
    users = {
        "editor": make_user("editor", "信息员", department.group, first_name="文静", last_name="李"),
        "reviewer": make_user("reviewer", "科室负责人", department.group),
        "officer": make_user("officer", "保密审查员"),
        "signatory": make_user("signatory", "分管领导"),
    }
    page = section.add_child(instance=SectionPage(
        title=TITLE, slug="menzhen", live=False,
        body="<p>自下月起，各社区卫生服务中心门诊时间调整为每日8:00至17:30。</p>"))
    page.save_revision(user=users["editor"])
    return section, page, users


def left_editor(url):
    return "/edit/" not in url


def open_action_menu(tab):
    tab.locator("footer .w-dropdown__toggle, [data-w-dropdown-target='toggle']").last.click()


def run_workflow_action(tab, label):
    open_action_menu(tab)
    tab.get_by_role("button", name=label).click()
    tab.wait_for_selector(".modal form")


def test_editor_submits_each_role_approves_public_finds_page(browser_page, admin_login,
                                                             workflow_site):
    section, page, users = workflow_site
    tab = browser_page
    edit_url = f"{tab.base_url}/admin/pages/{page.pk}/edit/"

    admin_login("editor")
    tab.goto(edit_url)
    open_action_menu(tab)
    tab.locator("button[name='action-submit']").click()
    tab.wait_for_url(f"{tab.base_url}/admin/pages/{section.pk}/")
    assert Page.objects.get(pk=page.pk).current_workflow_task.name == "科室审核"

    admin_login("reviewer")
    assert TITLE in tab.content()  # the "my tasks" panel on the dashboard
    tab.goto(edit_url)
    run_workflow_action(tab, "审核通过")
    tab.locator(".modal form button[type=submit]").click()
    tab.wait_for_url(f"{tab.base_url}/admin/pages/{section.pk}/")
    assert Page.objects.get(pk=page.pk).current_workflow_task.name == "保密审查"

    admin_login("officer")
    tab.goto(edit_url)
    run_workflow_action(tab, "审查通过并签名")
    modal = tab.locator(".modal form")
    assert "未发现问题" in tab.locator(".modal").inner_text()
    for key, _label in FORBIDDEN_CATEGORIES:
        modal.locator(f"input[name='checklist'][value='{key}']").check()
    modal.locator("input[name='signature']").fill("赵敏")
    modal.locator("button[type=submit]").click()
    tab.wait_for_url(left_editor)  # to the explorer, or the dashboard for those outside the dept
    assert Page.objects.get(pk=page.pk).current_workflow_task.name == "领导签发"

    admin_login("signatory")
    tab.goto(edit_url)
    run_workflow_action(tab, "签发")
    tab.screenshot(path="/tmp/workflow-sign-off-modal.png")
    tab.locator(".modal form button[type=submit]").click()
    tab.wait_for_url(left_editor)
    page = Page.objects.get(pk=page.pk)
    assert page.live, (page.current_workflow_task, page.current_workflow_state)

    as_new_visitor(tab)
    response = tab.goto(f"{tab.base_url}/yizheng-0/menzhen/")
    assert response.status == 200
    assert TITLE in tab.locator("h1").inner_text()
    tab.screenshot(path="/tmp/workflow-public-page.png", full_page=True)
