"""The admin of the catalogue's page types: every form opens, in tabs, and saves a draft."""

import pytest
from wagtail.models import Page, WorkflowPage

from disclosure.models import CatalogueColumn, PolicyDocument

pytestmark = pytest.mark.django_db

PAGE_TYPES = ["policydocument", "policyinterpretation", "worknews", "publicnotice",
              "budgetrelease", "proposalreply", "cataloguecolumn"]


@pytest.fixture
def admin_client(client, django_user_model):
    admin = django_user_model.objects.create_superuser("boss", "b@example.test", "pw")
    client.force_login(admin)
    return client


@pytest.mark.parametrize("model_name", PAGE_TYPES)
def test_add_form_of_every_page_type_opens_in_a_column(admin_client, column, model_name):
    response = admin_client.get(f"/admin/pages/add/disclosure/{model_name}/{column.pk}/")
    assert response.status_code == 200
    assert 'role="tablist"' in response.content.decode()


def test_catalogue_root_and_its_edit_form_open(admin_client, catalogue):
    assert admin_client.get(f"/admin/pages/{catalogue.pk}/edit/").status_code == 200


def test_column_allows_only_catalogue_page_types(column):
    allowed = {model._meta.model_name for model in column.specific_class.creatable_subpage_models()}
    assert allowed == set(PAGE_TYPES)
    assert not PolicyDocument.can_create_at(Page.get_first_root_node())


def test_item_edit_form_with_attachment_inline_saves_a_draft(admin_client, make_document):
    from tests.disclosure.test_policy_rules import _form_data

    document = make_document()
    url = f"/admin/pages/{document.pk}/edit/"
    data = _form_data(admin_client.get(url).context["form"])
    data["title"] = "修改后的标题"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    assert PolicyDocument.objects.get(pk=document.pk).get_latest_revision_as_object().title == \
        "修改后的标题"


def test_three_sync_final_workflow_approval_in_the_editor_is_stopped(
        admin_client, make_document, make_interpretation, django_user_model):
    from tests.disclosure.test_policy_rules import _form_data

    document = make_document(needs_interpretation=True)
    make_interpretation([document])
    workflow = WorkflowPage.objects.get(page=Page.get_first_root_node()).workflow
    admin = django_user_model.objects.get(username="boss")
    document.save_revision(user=admin)
    workflow.start(document, admin)
    url = f"/admin/pages/{document.pk}/edit/"
    data = _form_data(admin_client.get(url).context["form"])
    data.update({"action-workflow-action": "true", "workflow-action-name": "approve"})
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "三同步" in response.content.decode()
    document.refresh_from_db()
    assert not document.live


def test_department_column_cannot_be_created_without_a_department(admin_client, catalogue):
    response = admin_client.get(f"/admin/pages/add/disclosure/cataloguecolumn/{catalogue.pk}/")
    assert response.status_code == 200
    assert CatalogueColumn._meta.get_field("department").blank is False


def test_item_edit_page_shows_its_publication_deadline(admin_client, make_document):
    """The deadline from the column's rule is on the edit page (网站管理制度 第十五条)."""
    document = make_document()
    html = admin_client.get(f"/admin/pages/{document.pk}/edit/").content.decode()
    assert "公开期限" in html
    assert document.due_on.isoformat() in html
