"""One create form makes one page, however often it is posted (publishing.views.creation).

In Chromium the editor's one click on 提交审核 sometimes made two pages with the same title:
Wagtail's autosave posted the create form in the background just before or after the click.
"""

import json
import re
import threading

import lxml.html
import pytest
from django.db import connection
from django.test import Client
from wagtail.models import Page

from disclosure.models import WorkNews
from publishing.workflow_models import PageCreation
from tests.publishing.test_unchanged_edit_form import (
    PAGE_TYPES,
    _as_multidict,
    browser_form_data,
)

pytestmark = pytest.mark.django_db

MODELS = {"policy_document": ("document", "policydocument"),
          "interpretation": ("document", "policyinterpretation"),
          "budget_release": ("budget", "budgetrelease"),
          "work_news": ("news", "worknews"), "notice": ("general", "publicnotice")}

NEWS = {"title": "市卫生健康委召开医疗质量安全工作会议", "happened_on": "2026-12-01",
        "place": "委机关三楼会议室", "author": "吴晓燕",
        "body": json.dumps({"entityMap": {}, "blocks": [{
            "key": "a1b2c", "type": "unstyled", "depth": 0, "text": "会议部署了下一阶段工作。",
            "inlineStyleRanges": [], "entityRanges": []}]})}


def add_url(columns, kind):
    rule, model = MODELS[kind]
    return f"/admin/pages/add/disclosure/{model}/{columns[rule].pk}/"


def news_form(client, columns, action="action-submit", **values):
    """The work-news create form as the browser posts it, filled in."""
    response = client.get(add_url(columns, "work_news"))
    data = _as_multidict(browser_form_data(response.content.decode()))
    data.update({name: [value] for name, value in {**NEWS, **values}.items()})
    data[action] = ["true"]
    return data


def news_pages(columns):
    return Page.objects.child_of(columns["news"]).type(WorkNews)


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_each_create_form_carries_a_one_time_key_and_does_not_autosave(kind, catalogue_desk,
                                                                        client):
    columns, editor, _reviewer = catalogue_desk
    client.force_login(editor)
    response = client.get(add_url(columns, kind))
    assert response.status_code == 200
    form = lxml.html.fromstring(response.content.decode()).get_element_by_id("page-edit-form")
    assert "w-autosave" not in form.get("data-controller")
    (key,) = form.xpath(".//input[@name='creation_key']/@value")
    assert re.fullmatch(r"[0-9a-f]{32}", key)
    again = client.get(add_url(columns, kind)).content.decode()
    assert key not in again, "each rendering of the form has its own key"


def test_posting_one_create_form_twice_makes_one_page(catalogue_desk, client):
    columns, editor, _reviewer = catalogue_desk
    client.force_login(editor)
    data = news_form(client, columns)

    first = client.post(add_url(columns, "work_news"), data)
    assert first.status_code == 302
    (page,) = news_pages(columns)
    assert page.current_workflow_state is not None, "the first post submitted it"

    second = client.post(add_url(columns, "work_news"), data, follow=True)
    assert list(news_pages(columns)) == [page]
    assert second.redirect_chain[-1][0] == f"/admin/pages/{page.pk}/edit/"
    assert "没有重复创建" in second.content.decode()
    assert PageCreation.objects.get(page=page).user == editor


def test_a_background_autosave_after_the_submission_makes_nothing(catalogue_desk, client):
    columns, editor, _reviewer = catalogue_desk
    client.force_login(editor)
    data = news_form(client, columns)
    client.post(add_url(columns, "work_news"), data)
    autosave = dict(data)
    autosave.pop("action-submit")

    response = client.post(add_url(columns, "work_news"), autosave,
                           headers={"Accept": "application/json"})

    assert response.status_code == 409
    assert response.json()["success"] is False
    assert "没有重复创建" in response.json()["error_message"]
    assert news_pages(columns).count() == 1


def test_a_form_refused_for_its_errors_can_be_corrected_and_posted_again(catalogue_desk, client):
    columns, editor, _reviewer = catalogue_desk
    client.force_login(editor)
    data = news_form(client, columns, title="")

    refused = client.post(add_url(columns, "work_news"), data)
    assert refused.status_code == 200
    assert news_pages(columns).count() == 0
    data["title"] = [NEWS["title"]]
    assert client.post(add_url(columns, "work_news"), data).status_code == 302
    assert news_pages(columns).count() == 1


def test_nobody_can_post_another_persons_create_form(catalogue_desk, client, make_user):
    columns, editor, _reviewer = catalogue_desk
    client.force_login(editor)
    data = news_form(client, columns, action="action-save")
    client.post(add_url(columns, "work_news"), data)
    colleague = make_user("editor-b", *editor.groups.all())
    client.force_login(colleague)

    response = client.post(add_url(columns, "work_news"), data)

    assert response.status_code == 403
    assert news_pages(columns).count() == 1


@pytest.mark.parametrize("key", ["", "x" * 32, "'; drop table x; --", "0" * 33])
def test_a_post_without_a_well_formed_key_is_handled_as_wagtail_does(key, catalogue_desk,
                                                                      client):
    columns, editor, _reviewer = catalogue_desk
    client.force_login(editor)
    data = news_form(client, columns, creation_key=key)
    assert client.post(add_url(columns, "work_news"), data).status_code == 302
    assert news_pages(columns).count() == 1
    assert not PageCreation.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_posts_of_one_form_at_the_same_moment_make_one_page(catalogue_desk):
    """Two app processes receiving the same form at once: the second waits on the key's row."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite takes one writer at a time and cannot race")
    columns, editor, _reviewer = catalogue_desk
    setup = Client()
    setup.force_login(editor)
    data = news_form(setup, columns)
    start = threading.Barrier(2)
    statuses = []

    def post():
        client = Client()
        client.force_login(editor)
        start.wait()
        try:
            statuses.append(client.post(add_url(columns, "work_news"), data).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert statuses == [302, 302]
    assert news_pages(columns).count() == 1
