"""An unchanged edit form looks unchanged, for every page type under the workflow.

The reviewer opens the real edit page, submits it with exactly the fields a browser sends (the
form's own inputs, plus the StreamField inputs Wagtail's JavaScript writes from the block state
in the page) and approves: no new revision is saved and the workflow moves on to 保密审查
instead of starting over at 科室审核.
"""

import datetime
import json

import lxml.html
import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Page, Revision, WorkflowState

from disclosure.models import (
    BudgetRelease,
    PolicyDocument,
    PolicyInterpretation,
    PublicNotice,
    WorkNews,
)
from tests.disclosure.budget_workbooks import SUMMARY_MERGES, SUMMARY_ROWS, workbook_bytes

pytestmark = pytest.mark.django_db

PAGE_TYPES = ["policy_document", "interpretation", "budget_release", "work_news", "notice"]


def make_item(kind, columns):
    """A draft of the given type, with every field a real entry has (StreamField included)."""
    today = timezone.localdate()
    if kind == "policy_document":
        return columns["document"].add_child(instance=PolicyDocument(
            title="关于进一步改善医疗服务行动的通知", slug="gaishan", live=False,
            issuing_body="示例市卫生健康委员会", document_number="示卫〔2026〕8号",
            written_on=today, formed_on=today, author="李文静",
            body="<p>各医疗机构：现就改善医疗服务有关事项通知如下。</p>"))
    if kind == "interpretation":
        document = make_item("policy_document", columns)
        interpretation = columns["document"].add_child(instance=PolicyInterpretation(
            title="《关于进一步改善医疗服务行动的通知》解读", slug="jiedu", live=False,
            interpreter="医政医管科", author="孙丽华",
            body=[("paragraph", "<p>一、出台背景</p>"),
                  ("question_answer", {"question": "哪些机构适用？",
                                       "answer": "<p>全市二级以上医疗机构。</p>"})]))
        interpretation.documents.set([document])
        interpretation.save_revision()
        return interpretation
    if kind == "budget_release":
        workbook = get_document_model().objects.create(
            title="2026年部门预算公开表", file=ContentFile(
                workbook_bytes({"收支总表": SUMMARY_ROWS}, {"收支总表": SUMMARY_MERGES}),
                name="budget.xlsx"))
        return columns["budget"].add_child(instance=BudgetRelease(
            title="示例市卫生健康委员会2026年部门预算", slug="ys2026", live=False,
            fiscal_year=2026, kind="budget", approved_on=today - datetime.timedelta(days=2),
            explanation="<p>本部门主要职责是统筹卫生健康事业发展。</p>",
            source_workbook=workbook))
    if kind == "work_news":
        return columns["news"].add_child(instance=WorkNews(
            title="市卫生健康委召开医疗质量工作会议", slug="huiyi", live=False,
            happened_on=today, place="委机关三楼会议室", author="吴晓燕",
            body="<p>会议部署了下一阶段工作。</p>"))
    return columns["general"].add_child(instance=PublicNotice(
        title="关于拟推荐先进集体的公示", slug="gongshi", live=False, kind="announcement",
        issuing_body="示例市卫生健康委员会", period_start=today,
        period_end=today + datetime.timedelta(days=5), contact="0375-0000000",
        body="<p>现将拟推荐名单予以公示。</p>"))


def browser_form_data(html: str) -> list[tuple[str, str]]:
    """What Chromium posts for Wagtail's page edit form when nobody touches it.

    The form's own inputs as a browser serialises them (lxml follows the HTML rules: checked
    boxes only, selected options, textareas); StreamField inputs do not exist in the HTML, so
    they are written from the block state the page carries, as Wagtail's JavaScript does.
    """
    document = lxml.html.fromstring(html)
    form = document.get_element_by_id("page-edit-form")
    data = [(name, value or "") for name, value in form.form_values()]
    for element in form.xpath(".//*[@data-w-block-data-value]"):
        definition = json.loads(element.get("data-w-block-data-value"))
        prefix = element.get("id")
        state = json.loads(element.get("data-w-block-arguments-value"))[0]
        data.extend(_stream_inputs(prefix, definition, state))
    return data


def _stream_inputs(prefix, definition, state):
    children = {child["_args"][0]: child
                for _group, group_children in definition["_args"][1] for child in group_children}
    items = [(f"{prefix}-count", str(len(state)))]
    for index, block in enumerate(state):
        base = f"{prefix}-{index}"
        items += [(f"{base}-deleted", ""), (f"{base}-order", str(index)),
                  (f"{base}-type", block["type"]), (f"{base}-id", block.get("id") or "")]
        items += _value_inputs(f"{base}-value", children[block["type"]], block["value"])
    return items


def _value_inputs(name, definition, value):
    if definition["_type"] == "wagtail.blocks.StructBlock":
        items = []
        for child in definition["_args"][1]:
            child_name = child["_args"][0]
            items += _value_inputs(f"{name}-{child_name}", child, value.get(child_name))
        return items
    return [(name, "" if value is None else value)]


def approve_through_edit_form(client, page, user):
    client.force_login(user)
    url = f"/admin/pages/{page.pk}/edit/"
    response = client.get(url)
    assert response.status_code == 200
    data = browser_form_data(response.content.decode())
    data += [("action-workflow-action", "true"), ("workflow-action-name", "approve"),
             ("workflow-action-extra-data", json.dumps({"comment": "内容准确，同意。"}))]
    response = client.post(url, data=_as_multidict(data))
    assert response.status_code == 302, response.content.decode()[:2000]


def _as_multidict(pairs):
    grouped = {}
    for name, value in pairs:
        grouped.setdefault(name, []).append(value)
    return grouped


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_no_field_of_a_page_type_makes_an_unchanged_form_look_changed(kind, catalogue_desk):
    columns, editor, _reviewer = catalogue_desk
    page = make_item(kind, columns)
    form_class = type(page).get_edit_handler().get_form_class()
    form = form_class(instance=page, for_user=editor)
    hidden_initial = [name for name, field in form.fields.items() if field.show_hidden_initial]
    assert hidden_initial == []


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_approving_an_unchanged_edit_form_saves_no_revision_and_moves_on(kind, catalogue_desk,
                                                                         client):
    columns, editor, reviewer = catalogue_desk
    page = make_item(kind, columns)
    page.save_revision(user=editor)
    page.get_workflow().start(page, editor)
    revisions_before = Revision.objects.filter(object_id=str(page.pk)).count()

    approve_through_edit_form(client, page, reviewer)

    page = Page.objects.get(pk=page.pk)
    assert Revision.objects.filter(object_id=str(page.pk)).count() == revisions_before
    assert page.current_workflow_task.name == "保密审查"
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS


def test_a_reviewer_who_changes_content_sends_it_back_to_the_editor_never_silently(
        catalogue_desk, client):
    """A change saved during review (edit form, autosave, mask) is not approved: the step is sent
    back as 退回修改 with a comment naming who changed it, and the audit log records it."""
    columns, editor, reviewer = catalogue_desk
    page = make_item("work_news", columns)
    page.save_revision(user=editor)
    page.get_workflow().start(page, editor)
    client.force_login(reviewer)
    url = f"/admin/pages/{page.pk}/edit/"
    data = _as_multidict(browser_form_data(client.get(url).content.decode()))
    data["place"] = ["委机关五楼会议室"]
    data.update({"action-workflow-action": ["true"], "workflow-action-name": ["approve"],
                 "workflow-action-extra-data": [json.dumps({"comment": "同意"})]})
    response = client.post(url, data=data, follow=True)

    page = Page.objects.get(pk=page.pk)
    state = page.current_workflow_state
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert state.current_task_state.task.name == "科室审核"
    assert "审批期间内容被修改" in state.current_task_state.comment
    assert page.specific.get_latest_revision_as_object().place == "委机关五楼会议室"
    assert "已自动退回" in response.content.decode()
    assert page.specific.get_latest_revision().user == reviewer
    from wagtail.models import PageLogEntry

    assert PageLogEntry.objects.filter(page=page, action="publishing.changed_during_review",
                                       user=reviewer).exists()


def test_an_edit_saved_while_waiting_sends_the_next_approval_back(catalogue_desk):
    """The same rule for approvals made from the dashboard (no edit form): the page's latest
    revision is newer than the one under review."""
    columns, editor, reviewer = catalogue_desk
    page = make_item("notice", columns)
    page.save_revision(user=editor)
    page.get_workflow().start(page, editor)
    page = PublicNotice.objects.get(pk=page.pk)
    page.contact = "0375-1111111"
    page.save_revision(user=editor)  # the editor edits while the reviewer has not acted yet

    page.current_workflow_task.on_action(page.current_workflow_task_state, reviewer, "approve",
                                         comment="同意")

    state = Page.objects.get(pk=page.pk).current_workflow_state
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES


def test_an_autosave_copy_of_an_approval_takes_no_decision_and_saves_no_revision(
        catalogue_desk, client):
    """Wagtail's autosave posts the edit form again, hidden decision inputs included, while the
    approval itself is still being handled: only the real submission decides, once."""
    columns, editor, reviewer = catalogue_desk
    page = make_item("policy_document", columns)
    page.save_revision(user=editor)
    page.get_workflow().start(page, editor)
    revisions = list(Revision.objects.filter(object_id=str(page.pk)).values_list("pk", flat=True))
    client.force_login(reviewer)
    url = f"/admin/pages/{page.pk}/edit/"
    data = _as_multidict(browser_form_data(client.get(url).content.decode()))
    data.update({"action-workflow-action": ["true"], "workflow-action-name": ["approve"],
                 "workflow-action-extra-data": [json.dumps({"comment": "同意"})]})

    def autosave():
        return client.post(url, data=data, headers={"accept": "application/json"})

    response = autosave()
    assert response.status_code == 400 and "自动保存不执行审批操作" in response.json()["error_message"]
    assert Page.objects.get(pk=page.pk).current_workflow_task.name == "科室审核"

    assert client.post(url, data=data).status_code == 302  # the real submission
    assert autosave().status_code == 400  # its copy, arriving late
    page = Page.objects.get(pk=page.pk)
    assert page.current_workflow_task.name == "保密审查"
    assert list(Revision.objects.filter(object_id=str(page.pk))
                .values_list("pk", flat=True)) == revisions
