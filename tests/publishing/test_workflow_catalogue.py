"""The workflow on the real catalogue (DISCLOSURE's CatalogueRoot), with the real scanner."""

import pytest
from django.utils import timezone
from wagtail.models import Revision, WorkflowState

import disclosure.models as disclosure_models
from disclosure import workflow_demo
from portal import demo as portal_demo
from publishing.workflow import WORKFLOW_NAME, setup_workflow

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_with_catalogue(db):
    site = portal_demo.load()
    catalogue = site.home.add_child(instance=disclosure_models.CatalogueRoot(
        title="政府信息公开目录", slug="xxgk"))
    column = catalogue.add_child(instance=disclosure_models.CatalogueColumn(
        title="工作动态", slug="gzdt", department=site.department("yizheng"), rule="news"))
    return site, catalogue, column


def test_setup_workflow_assigns_every_catalogue_root(site_with_catalogue):
    site, catalogue, column = site_with_catalogue
    setup_workflow()
    assert catalogue.get_workflow().name == WORKFLOW_NAME
    assert column.get_workflow().name == WORKFLOW_NAME  # inherited by the columns and items


def test_demo_load_is_idempotent_and_leaves_one_waiting_one_scheduled(site_with_catalogue):
    site, catalogue, column = site_with_catalogue
    workflow_demo.load(site)
    workflow_demo.load(site)
    waiting = disclosure_models.WorkNews.objects.get(title=workflow_demo.WAITING_TITLE)
    scheduled = disclosure_models.WorkNews.objects.get(title=workflow_demo.SCHEDULED_TITLE)
    assert waiting.current_workflow_task.name == "科室审核"
    assert not scheduled.live and scheduled.go_live_at > timezone.now()
    assert Revision.objects.filter(object_id=str(scheduled.pk),
                                   approved_go_live_at__isnull=False).count() == 1
    assert WorkflowState.objects.filter(status="approved").count() == 1
    assert disclosure_models.WorkNews.objects.count() == 2


def test_task_due_date_comes_from_the_item_deadline(site_with_catalogue, client):
    site, catalogue, column = site_with_catalogue
    workflow_demo.load(site)
    waiting = disclosure_models.WorkNews.objects.get(title=workflow_demo.WAITING_TITLE)
    assert waiting.due_on  # the DISCLOSURE item computed it (2 working days for news)
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="reviewer"))
    text = client.get("/admin/").content.decode()
    assert waiting.title in text and waiting.due_on.isoformat() in text


def _through_review_and_check(page, users):
    from confidentiality.models import FORBIDDEN_CATEGORIES

    steps = [(users["reviewer"], {"comment": "内容准确，同意。"}),
             (users["officer"], {"checklist": [key for key, _label in FORBIDDEN_CATEGORIES],
                                 "signature": "赵敏"})]
    for user, data in steps:
        page = type(page).objects.get(pk=page.pk)
        page.current_workflow_task.on_action(page.current_workflow_task_state, user, "approve",
                                             **data)
    return type(page).objects.get(pk=page.pk)


def test_sign_off_refuses_a_document_whose_interpretation_is_not_ready_three_sync(
        site_with_catalogue):
    """三同步: signing off a document that needs an interpretation, before the interpretation is
    approved, is refused with a message on the form, not a server error; nothing goes live."""
    from django.contrib.auth import get_user_model
    from django.core.exceptions import PermissionDenied

    from publishing.workflow_forms import SignOffForm

    site, catalogue, _news = site_with_catalogue
    setup_workflow()
    users = {u.username: u for u in get_user_model().objects.filter(
        username__in=["editor", "reviewer", "officer", "signatory"])}
    column = catalogue.add_child(instance=disclosure_models.CatalogueColumn(
        title="政策文件", slug="zcwj", department=site.department("yizheng"), rule="document"))
    import datetime

    document = column.add_child(instance=disclosure_models.PolicyDocument(
        title="关于推进分级诊疗的实施意见", slug="fjzl", live=False, owner=users["editor"],
        issuing_body="示例市卫生健康委员会", document_number="示卫〔2026〕30号",
        written_on=datetime.date(2026, 11, 2), formed_on=datetime.date(2026, 11, 2),
        needs_interpretation=True, body="<p>为推进分级诊疗制度建设，提出如下意见。</p>"))
    document.save_revision(user=users["editor"])
    document.get_workflow().start(document, users["editor"])
    document = _through_review_and_check(document, users)
    state = document.current_workflow_task_state
    assert document.current_workflow_task.name == "领导签发"

    form = SignOffForm(data={"task_state_id": state.pk}, task_state=state)
    assert not form.is_valid()
    assert "三同步" in str(form.errors)
    with pytest.raises(PermissionDenied):
        document.current_workflow_task.on_action(state, users["signatory"], "approve")
    document.refresh_from_db()
    assert not document.live
