"""The workflow on the real catalogue (DISCLOSURE's CatalogueRoot), with the real scanner."""

import pytest
from django.utils import timezone
from wagtail.models import Revision, WorkflowState

from portal import demo as portal_demo
from publishing import demo as publishing_demo
from publishing.workflow import WORKFLOW_NAME, setup_workflow

disclosure_models = pytest.importorskip("disclosure.models", reason="DISCLOSURE models absent")

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
    publishing_demo.load(site)
    publishing_demo.load(site)
    waiting = disclosure_models.WorkNews.objects.get(title=publishing_demo.WAITING_TITLE)
    scheduled = disclosure_models.WorkNews.objects.get(title=publishing_demo.SCHEDULED_TITLE)
    assert waiting.current_workflow_task.name == "科室审核"
    assert not scheduled.live and scheduled.go_live_at > timezone.now()
    assert Revision.objects.filter(object_id=str(scheduled.pk),
                                   approved_go_live_at__isnull=False).count() == 1
    assert WorkflowState.objects.filter(status="approved").count() == 1
    assert disclosure_models.WorkNews.objects.count() == 2


def test_task_due_date_comes_from_the_item_deadline(site_with_catalogue, client):
    site, catalogue, column = site_with_catalogue
    publishing_demo.load(site)
    waiting = disclosure_models.WorkNews.objects.get(title=publishing_demo.WAITING_TITLE)
    assert waiting.due_on  # the DISCLOSURE item computed it (2 working days for news)
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="reviewer"))
    text = client.get("/admin/").content.decode()
    assert waiting.title in text and waiting.due_on.isoformat() in text
