"""Nobody sees another department's pages that are not public (网站管理制度 第七至十三条: a
department drafts and reviews its own pages; the office owns the catalogue): every chooser,
search, bulk-action page, report, listing and admin API shows a person only the pages they may
see (departments.visibility). Probed as an editor of department A, A's application handler
(依申请公开办理人), the confidentiality officer and the office, each looking for department B's
draft and B's page under review; the office sees them all."""

import datetime
import json

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Page

from departments.roles import (
    APPLICATION_HANDLER,
    CONFIDENTIALITY_OFFICER,
    DEPARTMENT_REVIEWER,
    DISCLOSURE_OFFICE,
    EDITOR,
    department_collection,
)
from departments.visibility import pages_visible_to
from disclosure.models import DisclosureAttachment
from portal.models import SectionPage
from publishing import workflow
from tests.publishing.workflow_support import CHECKLIST, clean_scan_fixture  # noqa: F401

DRAFT_TITLE = "疾控草稿 Qzxdraft"
REVIEW_TITLE = "疾控送审稿 Qzxreview"
DOCUMENT_TITLE = "疾控草稿附件 Qzxdocument"
LIVE_TITLE = "疾控已公开 Qzxlive"
OUTSIDERS = ("editor_a", "handler_a", "officer")


@pytest.fixture
def tree(home, roles, make_department, make_user, clean_scan):
    department_a, (section_a,) = make_department("yizheng", "医政医管科", home, ("医政信息",))
    department_b, (section_b,) = make_department("jikong", "疾病预防控制科", home, ("疾控信息",))
    workflow.setup_workflow(roots=[section_a, section_b])
    people = {
        "editor_a": make_user("editor_a", EDITOR.group_name, department_a.group),
        "handler_a": make_user("handler_a", APPLICATION_HANDLER.group_name,
                               department_a.group),
        "officer": make_user("officer", CONFIDENTIALITY_OFFICER.group_name),
        "office": make_user("office", DISCLOSURE_OFFICE.group_name),
        "editor_b": make_user("editor_b", EDITOR.group_name, department_b.group),
        "reviewer_b": make_user("reviewer_b", DEPARTMENT_REVIEWER.group_name,
                                department_b.group),
    }
    document = get_document_model().objects.create(
        title=DOCUMENT_TITLE, file=ContentFile(b"%PDF-1.4\n", name="qzx.pdf"),
        collection=department_collection(department_b))
    from disclosure.models import PolicyDocument

    draft = section_b.add_child(instance=PolicyDocument(
        title=DRAFT_TITLE, slug="qzx-draft", live=False, issuing_body="示例市卫生健康委员会",
        document_number="示卫〔2026〕77号", author="李文静", written_on=datetime.date(2026, 3, 2),
        formed_on=datetime.date(2026, 3, 2), body="<p>正文。</p>"))
    draft.attachments = [DisclosureAttachment(document=document)]
    draft.save_revision(user=people["editor_b"])
    in_review = section_b.add_child(instance=SectionPage(
        title=REVIEW_TITLE, slug="qzx-review", live=False))
    in_review.save_revision(user=people["editor_b"])
    in_review.get_workflow().start(in_review, people["editor_b"])
    live = section_b.add_child(instance=SectionPage(title=LIVE_TITLE, slug="qzx-live"))
    return type("Tree", (), {"section_a": section_a, "section_b": section_b, "draft": draft,
                             "in_review": in_review, "live": live, "document": document,
                             **people})


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def text_of(response):
    """The response as text; the choosers answer in JSON, whose escapes are undone here."""
    if response.get("Content-Type", "").startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode()


def shows_hidden_pages(response):
    text = text_of(response)
    return DRAFT_TITLE in text or REVIEW_TITLE in text or str(DOCUMENT_TITLE) in text


def assert_outsiders_see_nothing_and_office_sees_all(tree, url, office_sees=True):
    for who in OUTSIDERS:
        response = client_for(getattr(tree, who)).get(url)
        assert response.status_code < 500, (who, url, response.status_code)
        assert not shows_hidden_pages(response), (who, url)
    response = client_for(tree.office).get(url)
    assert response.status_code == 200, url
    if office_sees:
        assert shows_hidden_pages(response), url


def test_the_rule_outsiders_see_live_pages_and_their_own_the_office_sees_everything(tree):
    for who in OUTSIDERS:
        visible = pages_visible_to(getattr(tree, who))
        assert not visible.filter(pk__in=[tree.draft.pk, tree.in_review.pk]).exists(), who
        assert visible.filter(pk=tree.live.pk).exists(), who
    assert pages_visible_to(tree.office).filter(
        pk__in=[tree.draft.pk, tree.in_review.pk]).count() == 2
    assert pages_visible_to(tree.editor_b).filter(
        pk__in=[tree.draft.pk, tree.in_review.pk]).count() == 2


def test_page_chooser_browsing_another_departments_section_hides_its_drafts(tree):
    url = reverse("wagtailadmin_choose_page_child", args=[tree.section_b.pk])
    assert_outsiders_see_nothing_and_office_sees_all(tree, url)
    assert LIVE_TITLE in text_of(client_for(tree.editor_a).get(url))


@pytest.mark.parametrize("page", ["draft", "in_review"])
def test_page_chooser_opened_on_a_hidden_page_is_404(tree, page):
    url = reverse("wagtailadmin_choose_page_child", args=[getattr(tree, page).pk])
    for who in OUTSIDERS:
        assert client_for(getattr(tree, who)).get(url).status_code == 404, who
    assert client_for(tree.office).get(url).status_code == 200


def test_page_chooser_search_finds_no_hidden_page(tree):
    assert_outsiders_see_nothing_and_office_sees_all(
        tree, reverse("wagtailadmin_choose_page_search") + "?q=Qzxdraft")
    assert_outsiders_see_nothing_and_office_sees_all(
        tree, reverse("wagtailadmin_choose_page_search") + "?q=Qzxreview")


def test_page_chooser_chosen_step_names_no_hidden_page(tree):
    url = (reverse("wagtailadmin_choose_page_chosen_multiple")
           + f"?id={tree.draft.pk}&id={tree.in_review.pk}")
    assert_outsiders_see_nothing_and_office_sees_all(tree, url)
    assert client_for(tree.officer).get(
        reverse("wagtailadmin_choose_page_chosen_multiple") + "?id=x").status_code == 404


@pytest.mark.parametrize("action", ["delete", "move", "publish", "unpublish"])
def test_bulk_action_confirmation_names_no_hidden_page(tree, action):
    url = (reverse("wagtail_bulk_action", args=["wagtailcore", "page", action])
           + f"?id={tree.draft.pk}&id={tree.in_review.pk}&next=/admin/")
    assert_outsiders_see_nothing_and_office_sees_all(tree, url)


def test_bulk_action_with_a_visible_and_a_hidden_page_names_only_the_visible(tree):
    url = (reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
           + f"?id={tree.draft.pk}&id={tree.live.pk}&next=/admin/")
    response = client_for(tree.editor_a).get(url)
    assert response.status_code == 200
    assert LIVE_TITLE in text_of(response)
    assert not shows_hidden_pages(response)


def test_page_types_usage_report_is_the_offices(tree):
    for name in ("wagtailadmin_reports:page_types_usage",
                 "wagtailadmin_reports:page_types_usage_results"):
        url = reverse(name)
        for who in ("editor_a", "editor_b", "handler_a", "officer"):
            response = client_for(getattr(tree, who)).get(url)
            assert response.status_code in (302, 403), (who, name)
            assert not shows_hidden_pages(response)
        assert client_for(tree.office).get(url).status_code == 200
    assert Client().get(reverse("wagtailadmin_reports:page_types_usage")).status_code == 302
    menu = client_for(tree.editor_a).get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("wagtailadmin_reports:page_types_usage") not in menu


def test_admin_pages_api_lists_and_details_no_hidden_page(tree):
    api = "/admin/api/main/pages/"
    assert_outsiders_see_nothing_and_office_sees_all(tree, f"{api}?child_of={tree.section_b.pk}")
    assert_outsiders_see_nothing_and_office_sees_all(
        tree, f"{api}?child_of={tree.section_b.pk}&for_explorer=1")
    assert_outsiders_see_nothing_and_office_sees_all(tree, api)
    for who in OUTSIDERS:
        response = client_for(getattr(tree, who)).get(f"{api}{tree.draft.pk}/")
        assert response.status_code == 404, who


def test_explorer_search_and_listing_show_no_hidden_page(tree):
    assert_outsiders_see_nothing_and_office_sees_all(
        tree, reverse("wagtailadmin_pages:search") + "?q=Qzxdraft")
    assert_outsiders_see_nothing_and_office_sees_all(
        tree, reverse("wagtailadmin_explore", args=[tree.section_b.pk]) + "?q=Qzx")
    assert_outsiders_see_nothing_and_office_sees_all(
        tree, reverse("wagtailadmin_explore", args=[tree.section_b.pk]))


def test_document_chooser_lists_no_attachment_of_a_hidden_page(tree):
    """Wagtail lists the documents of the collections one may choose from; a department's
    collection is chosen from by its own editors only, so this holds without a hook."""
    assert_outsiders_see_nothing_and_office_sees_all(tree, reverse("wagtaildocs_chooser:choose"))
    assert_outsiders_see_nothing_and_office_sees_all(
        tree, reverse("wagtaildocs_chooser:choose_results") + "?q=Qzxdocument")


def test_the_officer_sees_another_departments_page_once_it_waits_for_the_check(tree):
    """The rule both ways: once B's reviewer approves, the page waits for the officer's check
    and the officer finds it in the chooser (and still not B's plain draft)."""
    page = Page.objects.get(pk=tree.in_review.pk).specific
    page.current_workflow_task.on_action(page.current_workflow_task_state, tree.reviewer_b,
                                         "approve")
    text = text_of(client_for(tree.officer).get(
        reverse("wagtailadmin_choose_page_child", args=[tree.section_b.pk])))
    assert REVIEW_TITLE in text
    assert DRAFT_TITLE not in text
    assert CHECKLIST


def test_page_chooser_restricted_to_a_page_type_names_no_hidden_page(tree):
    """Without a parent, the chooser opens on the common ancestor of all pages of the type;
    here the only policy document is B's draft."""
    assert_outsiders_see_nothing_and_office_sees_all(
        tree, reverse("wagtailadmin_choose_page") + "?page_type=disclosure.policydocument")


@pytest.mark.parametrize("name", [
    "wagtailadmin_reports:workflow", "wagtailadmin_reports:workflow_tasks",
    "wagtailadmin_reports:site_history", "wagtailadmin_reports:locked_pages",
    "wagtailadmin_reports:aging_pages",
])
def test_other_page_reports_name_no_hidden_page(tree, name):
    Page.objects.filter(pk__in=[tree.draft.pk, tree.in_review.pk]).update(locked=True)
    tree.draft.save_revision(user=tree.editor_b, log_action=True)
    for who in OUTSIDERS:
        response = client_for(getattr(tree, who)).get(reverse(name))
        assert response.status_code < 500, (who, name)
        assert not shows_hidden_pages(response), (who, name)


def test_any_page_bulk_action_sent_for_a_hidden_page_is_refused(tree, rf):
    """The safety net behind the bulk actions above, for any page bulk action registered
    later: `before_bulk_action` refuses a hidden page (and lets a visible one through)."""
    from django.http import Http404

    from departments.wagtail_hooks import refuse_bulk_action_on_hidden_pages

    request = rf.post("/")
    request.user = tree.editor_a
    action = type("Action", (), {"model": Page})()
    assert refuse_bulk_action_on_hidden_pages(request, "archive", [tree.live], action) is None
    with pytest.raises(Http404):
        refuse_bulk_action_on_hidden_pages(request, "archive", [tree.live, tree.draft], action)
    request.user = tree.office
    assert refuse_bulk_action_on_hidden_pages(request, "archive", [tree.draft], action) is None


@pytest.mark.parametrize("page", ["draft", "in_review"])
def test_explorer_opened_on_a_hidden_page_names_it_not(tree, page):
    assert_outsiders_see_nothing_and_office_sees_all(
        tree, reverse("wagtailadmin_explore", args=[getattr(tree, page).pk]))
    assert_outsiders_see_nothing_and_office_sees_all(
        tree, reverse("wagtailadmin_pages:history", args=[getattr(tree, page).pk]))


def test_a_live_page_being_retitled_shows_no_draft_title_to_another_department(tree):
    """The admin names a page by its latest draft title; while department B retitles a live
    page, A's editor does not meet the unpublished title in the chooser."""
    tree.live.title = "疾控改题未发布 Qzxretitle"
    tree.live.save_revision(user=tree.editor_b)
    client = client_for(tree.editor_a)
    text = client.get(reverse("wagtailadmin_choose_page_search"), {"q": "Qzx"}).content.decode()
    text += client.get(reverse("wagtailadmin_choose_page_child", args=[tree.section_b.pk])
                       ).content.decode()
    assert "Qzxretitle" not in text
    assert "Qzxretitle" in client_for(tree.editor_b).get(
        reverse("wagtailadmin_choose_page_child", args=[tree.section_b.pk])).content.decode()
