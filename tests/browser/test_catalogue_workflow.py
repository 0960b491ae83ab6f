"""The approval chain 公开发布审批 for every catalogue page type, in a real browser.

An editor (信息员) fills the admin's create form as a person does and submits it; the 科室负责人
approves in the workflow modal, the 保密审查员 ticks the checklist and signs, the 分管领导 signs
off; then the public opens the page. After every step the workflow must have moved on to the
next task (never started over at 科室审核) and no approval may have saved a revision.

Set SCREENSHOT_DIR to keep a screenshot of every step (modals, dashboard, public page).
"""

import datetime
import os
import re

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from playwright.sync_api import expect
from wagtail.documents import get_document_model
from wagtail.models import Page, Revision, TaskState, WorkflowState

from confidentiality.models import FORBIDDEN_CATEGORIES
from departments.roles import department_collection
from disclosure.models import (
    CatalogueColumn,
    CatalogueRoot,
    PolicyDocument,
    PolicyInterpretation,
    PublicNotice,
    WorkNews,
)
from publishing.workflow import setup_workflow
from tests.browser.conftest import as_new_visitor
from tests.disclosure.budget_workbooks import SUMMARY_MERGES, SUMMARY_ROWS, workbook_bytes
from tests.publishing.workflow_support import CHECKLIST, decide, running_publishers, wait_until

# serialized_rollback: the flush after the test would also remove the root page of the migrations.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENSHOTS = os.environ.get("SCREENSHOT_DIR")
REVIEW, CHECK, SIGN_OFF = "科室审核", "保密审查", "领导签发"
WORKBOOK_TITLE = "2026年部门预算公开表（批复稿）"


@pytest.fixture
def catalogue_desk(home, roles, make_department, make_user):
    """A catalogue with one column per rule, owned by 医政医管科, under the workflow; one person
    per role; a published policy document to interpret; the approved budget workbook."""
    department, _sections = make_department("yizheng", "医政医管科", home, ())
    catalogue = home.add_child(instance=CatalogueRoot(title="政府信息公开", slug="xxgk"))
    columns = {rule: catalogue.add_child(instance=CatalogueColumn(
        title=title, slug=slug, department=department, rule=rule))
        for rule, title, slug in (("document", "政策文件", "zcwj"), ("news", "工作动态", "gzdt"),
                                  ("budget", "预决算公开", "yjs"), ("general", "公示公告", "gsgg"))}
    setup_workflow(roots=[catalogue])
    people = {
        "editor": make_user("editor", "信息员", department.group,
                            first_name="文静", last_name="李"),
        "reviewer": make_user("reviewer", "科室负责人", department.group,
                              first_name="建国", last_name="王"),
        "officer": make_user("officer", "保密审查员", first_name="敏", last_name="赵"),
        "signatory": make_user("signatory", "分管领导", first_name="志强", last_name="陈"),
    }
    interpreted = columns["document"].add_child(instance=PolicyDocument(
        title="关于进一步改善医疗服务行动的通知", slug="gaishan", live=False,
        issuing_body="示例市卫生健康委员会", document_number="示卫〔2026〕8号",
        written_on=datetime.date(2026, 11, 30), formed_on=datetime.date(2026, 11, 30),
        author="李文静", body="<p>各医疗机构：现就改善医疗服务有关事项通知如下。</p>"))
    interpreted.save_revision().publish()
    get_document_model().objects.create(
        title=WORKBOOK_TITLE, collection=department_collection(department),
        file=ContentFile(workbook_bytes({"收支总表": SUMMARY_ROWS}, {"收支总表": SUMMARY_MERGES}),
                         name="budget-2026.xlsx"))
    return type("Desk", (), {"columns": columns, "interpreted": interpreted, **people})


# --- what the editor types into the create form, per page type -----------------------------------

def today():
    return timezone.localdate()


def fill_policy_document(tab, desk):
    tab.fill("#id_title", "关于开展2026年医疗质量安全专项检查的通知")
    tab.fill("#id_summary", "部署全市医疗机构医疗质量安全专项检查。")
    type_rich_text(tab, "body", "各医疗机构：为加强医疗质量安全管理，现开展专项检查。")
    open_tab(tab, "目录信息")
    tab.fill("#id_issuing_body", "示例市卫生健康委员会")
    tab.fill("#id_document_number", "示卫〔2026〕21号")
    tab.select_option("#id_genre", "other")  # 文种: required on a new document (issue 19)
    fill_date(tab, "#id_written_on", today())
    assert tab.input_value("#id_formed_on") == today().isoformat()  # the default: issued today
    tab.fill("#id_author", "李文静")


def fill_interpretation(tab, desk):
    tab.fill("#id_title", "《关于进一步改善医疗服务行动的通知》政策解读")
    tab.select_option("#id_documents", label=desk.interpreted.title)
    tab.fill("#id_interpreter", "医政医管科负责人")
    tab.fill("#id_summary", "解读改善医疗服务行动的背景和主要内容。")
    add_stream_paragraph(tab, "body", "一、出台背景：为进一步改善群众就医体验。")
    open_tab(tab, "目录信息")
    tab.fill("#id_author", "孙丽华")


def fill_budget_release(tab, desk):
    tab.fill("#id_title", "示例市卫生健康委员会2026年部门预算")
    tab.fill("#id_fiscal_year", "2026")
    tab.select_option("#id_kind", "budget")
    fill_date(tab, "#id_approved_on", today() - datetime.timedelta(days=3))
    type_rich_text(tab, "explanation", "本部门主要职责是统筹推进卫生健康事业发展。")
    choose_document(tab, "source_workbook", WORKBOOK_TITLE)
    open_tab(tab, "公开信息")
    tab.fill("#id_author", "周静")


def fill_work_news(tab, desk):
    tab.fill("#id_title", "市卫生健康委召开医疗质量安全工作会议")
    fill_date(tab, "#id_happened_on", today())
    tab.fill("#id_place", "委机关三楼会议室")
    type_rich_text(tab, "body", "会议总结了上半年工作，部署了下一阶段医疗质量安全工作。")
    open_tab(tab, "目录信息")
    tab.fill("#id_author", "吴晓燕")


def fill_public_notice(tab, desk):
    tab.fill("#id_title", "关于拟推荐先进集体的公示")
    tab.select_option("#id_kind", "publicity")
    tab.fill("#id_issuing_body", "示例市卫生健康委员会")
    type_rich_text(tab, "body", "现将拟推荐名单予以公示，公示期内如有异议请反映。")
    fill_date(tab, "#id_period_start", today())
    fill_date(tab, "#id_period_end", today() + datetime.timedelta(days=5))
    tab.fill("#id_contact", "医政医管科，电话 0375-1234567")
    open_tab(tab, "目录信息")
    tab.fill("#id_author", "李文静")


PAGE_TYPES = {
    # kind: (column rule, type name on the "add child page" list, filler, text the public sees)
    "policy_document": ("document", "政策文件", fill_policy_document, "示卫〔2026〕21号"),
    "interpretation": ("document", "政策解读", fill_interpretation, "一、出台背景"),
    "budget_release": ("budget", "预决算公开", fill_budget_release, "2026年部门收支总表"),
    "work_news": ("news", "工作动态", fill_work_news, "委机关三楼会议室"),
    "public_notice": ("general", "公示公告", fill_public_notice, "0375-1234567"),
}


# --- the journey ---------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_each_page_type_is_drafted_reviewed_checked_signed_off_and_public(
        kind, browser_page, admin_login, catalogue_desk):
    desk, tab = catalogue_desk, browser_page
    rule, type_name, fill, public_text = PAGE_TYPES[kind]
    column = desk.columns[rule]
    before = set(Page.objects.child_of(column).values_list("pk", flat=True))

    admin_login("editor")
    tab.goto(f"{tab.base_url}/admin/pages/{column.pk}/add_subpage/")
    tab.get_by_role("link", name=type_name, exact=True).click()
    tab.wait_for_url(re.compile(r"/admin/pages/add/"))
    fill(tab, desk)
    shot(tab, f"{kind}-1-create-form")
    open_action_menu(tab)
    tab.locator("button[name='action-submit']").click()
    tab.wait_for_url(lambda url: "/add/" not in url)
    shot(tab, f"{kind}-2-submitted")
    page = Page.objects.get(pk=new_child(column, before).pk)
    journey = Journey(page)
    journey.assert_at(REVIEW)

    admin_login("reviewer")
    shot(tab, f"{kind}-3-reviewer-dashboard")
    assert page.title in my_tasks(tab).inner_text()
    tab.goto(edit_url(tab, page))
    run_workflow_action(tab, "审核通过")
    shot(tab, f"{kind}-4-review-modal")
    tab.locator(".modal form button[type=submit]").click()
    tab.wait_for_url(lambda url: "/edit/" not in url)
    journey.assert_at(CHECK)

    admin_login("officer")
    tab.goto(edit_url(tab, page))
    run_workflow_action(tab, "审查通过并签名")
    sign_confidentiality_check(tab)
    journey.assert_at(SIGN_OFF)

    admin_login("signatory")
    tab.goto(edit_url(tab, page))
    run_workflow_action(tab, "签发")
    shot(tab, f"{kind}-6-sign-off-modal")
    tab.locator(".modal form button[type=submit]").click()
    tab.wait_for_url(lambda url: "/edit/" not in url)
    journey.assert_published()

    as_new_visitor(tab)
    page = Page.objects.get(pk=page.pk)
    response = tab.goto(f"{tab.base_url}{page.url}")
    assert response.status == 200
    assert tab.locator("h1").inner_text() == page.title
    assert public_text in tab.locator("main").inner_text()
    shot(tab, f"{kind}-7-public", full_page=True)


def test_each_role_decides_from_the_dashboard_task_list_without_opening_the_edit_form(
        browser_page, admin_login, catalogue_desk):
    desk, tab = catalogue_desk, browser_page
    page = submitted(desk, notice(desk))
    journey = Journey(page)
    opened = []
    tab.on("request", lambda request: opened.append(request.url))

    admin_login("reviewer")
    decide_on_dashboard(tab, page, "审核通过")
    journey.assert_at(CHECK)

    admin_login("officer")
    decide_on_dashboard(tab, page, "审查通过并签名", sign_confidentiality_check)
    journey.assert_at(SIGN_OFF)

    admin_login("signatory")
    decide_on_dashboard(tab, page, "签发")
    journey.assert_published()
    assert not [url for url in opened if f"/pages/{page.pk}/edit/" in url]
    assert "目前没有等待您处理的审批" in my_tasks(tab).inner_text()

    as_new_visitor(tab)
    assert tab.goto(f"{tab.base_url}{Page.objects.get(pk=page.pk).url}").status == 200


def test_signed_off_for_a_time_the_page_stays_hidden_until_the_publisher_makes_it_live(
        browser_page, admin_login, catalogue_desk):
    desk, tab = catalogue_desk, browser_page
    page = submitted(desk, news(desk))
    journey = Journey(page)
    decide(page, desk.reviewer)
    decide(page, desk.officer, checklist=CHECKLIST, signature="赵敏")
    journey.assert_at(SIGN_OFF)
    public_url = f"{tab.base_url}{Page.objects.get(pk=page.pk).url}"

    # The publisher runs all the time, as `manage.py run_publisher` does in production; it
    # sleeps long, so only the sign-off's wake-up and the due time bring it back.
    with running_publishers(1, max_sleep=300):
        admin_login("signatory")
        tab.goto(edit_url(tab, page))
        run_workflow_action(tab, "签发")
        go_live_at = timezone.localtime() + datetime.timedelta(seconds=GO_LIVE_DELAY)
        go_live_at = go_live_at.replace(microsecond=0)
        tab.locator(".modal input[name='go_live_at']").fill(
            go_live_at.strftime("%Y-%m-%dT%H:%M:%S"))
        shot(tab, "scheduled-sign-off-modal")
        tab.locator(".modal form button[type=submit]").click()
        tab.wait_for_url(lambda url: "/edit/" not in url)

        page = Page.objects.get(pk=page.pk)
        assert WorkflowState.objects.get(pk=journey.workflow_state_id).status == "approved"
        assert not page.live and page.go_live_at == go_live_at
        assert timezone.now() < go_live_at, f"the test took over {GO_LIVE_DELAY}s to get here"
        tab.goto(f"{tab.base_url}/admin/publishing/workflow/scheduled/")
        assert page.title in tab.locator("main").inner_text()
        shot(tab, "scheduled-list")
        as_new_visitor(tab)
        assert tab.goto(public_url).status == 404
        assert timezone.now() < go_live_at

        assert wait_until(lambda: Page.objects.get(pk=page.pk).live,
                          timeout=GO_LIVE_DELAY + 30, step=0.5)
    page = Page.objects.get(pk=page.pk)
    assert go_live_at <= page.first_published_at
    assert page.live_revision_id == journey.revision_ids[-1]
    assert tab.goto(public_url).status == 200
    assert tab.locator("h1").inner_text() == page.title


def test_sent_back_with_a_comment_then_edited_and_resubmitted_continues_the_same_workflow(
        browser_page, admin_login, catalogue_desk):
    desk, tab = catalogue_desk, browser_page
    page = submitted(desk, document(desk))
    journey = Journey(page)
    comment = "发文字号与正文落款不一致，请核对后重新提交。"

    admin_login("reviewer")
    tab.goto(edit_url(tab, page))
    run_workflow_action(tab, "退回修改")
    tab.locator(".modal textarea[name='comment']").fill(comment)
    shot(tab, "reject-modal")
    tab.locator(".modal form button[type=submit]").click()
    tab.wait_for_url(lambda url: "/edit/" not in url)
    state = WorkflowState.objects.get(pk=journey.workflow_state_id)
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert state.current_task_state.comment == comment
    assert journey.revisions_now() == journey.revision_ids, "sending back saved a revision"

    admin_login("editor")
    tab.goto(edit_url(tab, page))
    assert comment in tab.locator(".messages").inner_text()
    shot(tab, "editor-sees-comment")
    editor = tab.locator("[data-contentpath='body'] [contenteditable=true]").first
    editor.click()
    tab.keyboard.press("End")
    addition = "落款：示例市卫生健康委员会。"
    editor.type(addition)
    tab.wait_for_function("text => document.querySelector('input[name=body]').value"
                          ".includes(text)", arg=addition)
    open_action_menu(tab)
    tab.get_by_role("button", name="重新提交给科室审核").click()
    tab.wait_for_url(lambda url: "/edit/" not in url)
    journey.editor_saved()
    journey.assert_at(REVIEW, sent_back=1)
    assert addition in str(PolicyDocument.objects.get(pk=page.pk).get_latest_revision()
                           .as_object().body)

    admin_login("reviewer")
    tab.goto(edit_url(tab, page))
    run_workflow_action(tab, "审核通过")
    tab.locator(".modal form button[type=submit]").click()
    tab.wait_for_url(lambda url: "/edit/" not in url)
    journey.assert_at(CHECK, sent_back=1)


def test_document_needing_interpretation_is_refused_until_its_interpretation_is_signed_off(
        browser_page, admin_login, catalogue_desk):
    """三同步: the document may not go live before its interpretation (RULES 政策解读)."""
    desk, tab = catalogue_desk, browser_page
    policy = submitted(desk, document(desk, needs_interpretation=True))
    reading = submitted(desk, interpretation(desk, policy))
    journeys = {}
    for page in (policy, reading):
        journeys[page.pk] = Journey(page)
        decide(page, desk.reviewer)
        decide(page, desk.officer, checklist=CHECKLIST, signature="赵敏")
        journeys[page.pk].assert_at(SIGN_OFF)

    admin_login("signatory")
    tab.goto(edit_url(tab, policy))
    run_workflow_action(tab, "签发")
    tab.locator(".modal form button[type=submit]").click()
    tab.locator(".modal").get_by_text(re.compile("三同步")).first.wait_for()
    shot(tab, "three-sync-refused")
    journeys[policy.pk].assert_at(SIGN_OFF)
    assert not Page.objects.get(pk=policy.pk).live

    tab.goto(edit_url(tab, reading))
    run_workflow_action(tab, "签发")
    tab.locator(".modal form button[type=submit]").click()
    tab.wait_for_url(lambda url: "/edit/" not in url)
    journeys[reading.pk].assert_published()

    tab.goto(edit_url(tab, policy))
    run_workflow_action(tab, "签发")
    tab.locator(".modal form button[type=submit]").click()
    tab.wait_for_url(lambda url: "/edit/" not in url)
    journeys[policy.pk].assert_published()

    as_new_visitor(tab)
    tab.goto(f"{tab.base_url}{Page.objects.get(pk=policy.pk).url}")
    assert reading.title in tab.locator("main").inner_text()  # the document links its reading


# --- drafts the editor made earlier (their create form is tested above) --------------------------

GO_LIVE_DELAY = 25  # seconds between the sign-off and the chosen go-live time


def document(desk, **fields):
    return desk.columns["document"].add_child(instance=PolicyDocument(
        title="关于推进分级诊疗制度建设的实施意见", slug="fjzl", live=False,
        issuing_body="示例市卫生健康委员会", document_number="示卫〔2026〕30号",
        written_on=today(), formed_on=today(), author="李文静",
        body="<p>为推进分级诊疗制度建设，提出如下意见。</p>", **fields))


def interpretation(desk, policy):
    reading = desk.columns["document"].add_child(instance=PolicyInterpretation(
        title="《关于推进分级诊疗制度建设的实施意见》解读", slug="fjzl-jd", live=False,
        interpreter="医政医管科", author="孙丽华",
        body=[("paragraph", "<p>一、为什么要推进分级诊疗。</p>")]))
    reading.documents.set([policy])
    return reading


def news(desk):
    return desk.columns["news"].add_child(instance=WorkNews(
        title="市卫生健康委开展义诊进社区活动", slug="yizhen", live=False, happened_on=today(),
        place="城东社区卫生服务中心", author="吴晓燕", body="<p>二十余名专家为居民义诊。</p>"))


def notice(desk):
    return desk.columns["general"].add_child(instance=PublicNotice(
        title="关于拟认定第三批区域医疗中心的公示", slug="qyyl", live=False, kind="publicity",
        issuing_body="示例市卫生健康委员会", period_start=today(),
        period_end=today() + datetime.timedelta(days=5), contact="0375-7654321",
        author="李文静", body="<p>现将拟认定名单予以公示。</p>"))


def submitted(desk, page):
    """The editor saved the draft and submitted it to the workflow."""
    page.save_revision(user=desk.editor)
    page.get_workflow().start(page, desk.editor)
    return Page.objects.get(pk=page.pk).specific


# --- helpers --------------------------------------------------------------------------------------

class Journey:
    """The one workflow run of a page, checked after each step."""

    def __init__(self, page):
        self.page_id = page.pk
        state = Page.objects.get(pk=page.pk).current_workflow_state
        assert state is not None, "submitting starts the workflow"
        self.workflow_state_id = state.pk
        self.revision_ids = self.revisions_now()
        assert len(self.revision_ids) == 1, "submitting a new draft saves one revision"

    def revisions_now(self):
        return list(Revision.page_revisions.filter(object_id=str(self.page_id))
                    .order_by("pk").values_list("pk", flat=True))

    def editor_saved(self):
        """The editor changed the page: exactly one more revision, by the editor."""
        now = self.revisions_now()
        assert now[:-1] == self.revision_ids and len(now) == len(self.revision_ids) + 1
        self.revision_ids = now

    def assert_at(self, task_name, sent_back=0):
        """The same workflow run waits at `task_name`; every earlier step approved once (after
        `sent_back` returns to the editor), and no decision saved a revision."""
        page = Page.objects.get(pk=self.page_id)
        state = page.current_workflow_state
        assert state is not None and state.pk == self.workflow_state_id, "the workflow restarted"
        assert state.status == WorkflowState.STATUS_IN_PROGRESS
        assert page.current_workflow_task.name == task_name
        assert self.revisions_now() == self.revision_ids, "an approval saved a revision"
        decided = list(TaskState.objects.filter(workflow_state_id=self.workflow_state_id)
                       .order_by("pk").values_list("task__name", "status"))
        steps = [REVIEW, CHECK, SIGN_OFF]
        expected = [(REVIEW, "rejected")] * sent_back + [
            (name, "approved") for name in steps[:steps.index(task_name)]]
        assert decided == expected + [(task_name, "in_progress")]

    def assert_published(self):
        page = Page.objects.get(pk=self.page_id)
        state = WorkflowState.objects.get(pk=self.workflow_state_id)
        assert state.status == WorkflowState.STATUS_APPROVED
        assert self.revisions_now() == self.revision_ids, "an approval saved a revision"
        assert page.live and page.live_revision_id == self.revision_ids[-1]


def new_child(column, before):
    # The one child that was not there before: after a flush and serialized rollback on
    # PostgreSQL the sequences may hand a new page a lower id than the restored ones, so "the
    # largest id" is not "the page just made".
    return Page.objects.child_of(column).exclude(pk__in=before).get()


def edit_url(tab, page):
    return f"{tab.base_url}/admin/pages/{page.pk}/edit/"


def open_action_menu(tab):
    tab.locator("footer .w-dropdown__toggle, [data-w-dropdown-target='toggle']").last.click()


def decide_on_dashboard(tab, page, label, fill=None):
    """Click the task's button in 我的待办审批, decide in the modal, land on the dashboard."""
    tab.goto(f"{tab.base_url}/admin/")
    my_tasks(tab).get_by_role("button", name=f"{label}：{page.title}").click()
    tab.wait_for_selector(".modal form")
    shot(tab, f"dashboard-{label}")
    if fill:
        fill(tab)
    else:
        with tab.expect_navigation():
            tab.locator(".modal form button[type=submit]").click()
    assert tab.url.rstrip("/").endswith("/admin")


def run_workflow_action(tab, label):
    open_action_menu(tab)
    tab.get_by_role("button", name=label).click()
    tab.wait_for_selector(".modal form")


def sign_confidentiality_check(tab):
    modal = tab.locator(".modal form")
    assert "未发现问题" in tab.locator(".modal").inner_text()
    for key, _label in FORBIDDEN_CATEGORIES:
        modal.locator(f"input[name='checklist'][value='{key}']").check()
    modal.locator("input[name='signature']").fill("赵敏")
    shot(tab, "check-modal")
    with tab.expect_navigation():
        modal.locator("button[type=submit]").click()


def my_tasks(tab):
    """The dashboard's 我的待办审批 panel."""
    return tab.locator("section[aria-labelledby='publishing-my-tasks-heading']")


def open_tab(tab, heading):
    tab.get_by_role("tab", name=heading).click()


def type_rich_text(tab, field, text):
    """Click into the Draftail editor of `field` and type, as a person does."""
    editor = tab.locator(f"[data-contentpath='{field}'] [contenteditable=true]").first
    editor.click()
    editor.type(text)
    # Draftail writes its hidden input a moment after the last key (a person reaching for the
    # submit button takes longer than that).
    tab.wait_for_function("([name, text]) => document.querySelector(`input[name=${name}]`)"
                          ".value.includes(text)", arg=[field, text])


def add_stream_paragraph(tab, field, text):
    """Add a 段落 block to an empty StreamField and type into it."""
    tab.locator(f"[data-contentpath='{field}'] button[title='插入块'], "
                f"[data-contentpath='{field}'] .c-sf-add-button").first.click()
    tab.get_by_role("option", name="段落").click()
    editor = tab.locator(f"[data-contentpath='{field}'] [contenteditable=true]").first
    editor.click()
    editor.type(text)
    # As in type_rich_text: the block's hidden input (`body-0-value`) is written a moment after
    # the last key; submitted before that, the paragraph is empty and the form is refused.
    tab.wait_for_function("([name, text]) => [...document.querySelectorAll("
                          "`input[name^='${name}-'][name$='-value']`)]"
                          ".some(input => input.value.includes(text))", arg=[field, text])


def fill_date(tab, selector, day):
    """Type the date and leave with Tab, which closes the field's date picker (and again, past
    any next date field whose picker opens when it takes the focus).

    The picker opens 100 ms after its field takes the focus but closes at once on blur: left
    sooner, a field's picker would open after the focus has gone and stay open. So each field's
    picker is let open before the focus moves on, as it is for a person."""
    pickers = tab.locator(".xdsoft_datetimepicker:visible")
    tab.fill(selector, day.isoformat())
    expect(pickers).to_have_count(1)
    tab.keyboard.press("Tab")
    while tab.evaluate("() => (document.activeElement.nextElementSibling?.textContent || '')"
                       ".includes('initDateChooser')"):
        expect(pickers).to_have_count(1)
        tab.keyboard.press("Tab")
    expect(pickers).to_have_count(0)
    assert tab.input_value(selector) == day.isoformat()


def choose_document(tab, field, title):
    tab.locator(f"[data-contentpath='{field}'] button", has_text="选择").first.click()
    modal = tab.locator(".modal")
    modal.get_by_role("link", name=title).click()
    tab.wait_for_selector(".modal", state="hidden")


def shot(tab, name, full_page=False):
    if SCREENSHOTS:
        tab.screenshot(path=f"{SCREENSHOTS}/{name}.png", full_page=full_page)
