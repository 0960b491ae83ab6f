"""文种 on policy documents (required for new ones, bulk, import) and 建议提案办理结果 pages."""

import datetime
import json

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from departments.roles import DISCLOSURE_OFFICE
from disclosure.models import PolicyDocument, ProposalReply
from disclosure.models.proposals import replies_per_year
from tests.disclosure.conftest import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(roles, django_user_model):
    user = django_user_model.objects.create_user("office", password="office-test-2026")
    user.groups.add(Group.objects.get(name=DISCLOSURE_OFFICE.group_name))
    return user


def _form(document, user, column):
    form_class = PolicyDocument.get_edit_handler().get_form_class()
    return form_class(instance=document, for_user=user, parent_page=column)


def test_genre_is_required_for_a_new_policy_document_for_table_two(office, column,
                                                                   make_document):
    assert _form(PolicyDocument(), office, column).fields["genre"].required
    # Documents from before 文种 existed can still be edited until someone sets it.
    old = make_document()
    assert not _form(old, office, column).fields["genre"].required
    old.genre = "normative"
    assert _form(old, office, column).fields["genre"].required


def test_genre_is_set_in_bulk_on_policy_documents_only_and_logged(client, office, column,
                                                                  make_document, make_news):
    first, second = publish(make_document()), make_document(title="第二份文件")
    news = make_news()
    client.force_login(office)
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "set_genre"))
    query = f"?id={first.pk}&id={second.pk}&id={news.pk}"
    html = client.get(url + query).content.decode()
    assert "设置文种" in html and news.title in html  # named as one it cannot act on
    response = client.post(url + query, {"genre": ""})
    assert "请选择文种" in response.content.decode()
    response = client.post(url + query, {"genre": "normative"})
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.genre, second.genre) == ("normative", "normative")
    assert first.latest_revision.content["genre"] == "normative"
    from wagtail.models import PageLogEntry

    assert PageLogEntry.objects.filter(page=first, action="disclosure.genre_changed").exists()


def test_import_documents_takes_genre_per_line_or_from_the_option(column, tmp_path):
    lines = [
        {"title": "规章甲", "body": "正文", "written_on": "2025-03-01", "genre": "规章"},
        {"title": "文件乙", "body": "正文", "written_on": "2025-03-02"},
        {"title": "文件丙", "body": "正文", "written_on": "2024-03-02", "validity": "已废止",
         "validity_changed_on": "2025-05-06"},
        {"title": "文件丁", "body": "正文", "written_on": "2025-03-03", "genre": "通知"},
    ]
    path = tmp_path / "docs.jsonl"
    path.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines),
                    encoding="utf-8")
    import io

    err = io.StringIO()
    call_command("import_documents", str(path), "--column", column.slug, "--genre",
                 "normative", stdout=io.StringIO(), stderr=err)
    genres = dict(PolicyDocument.objects.values_list("title", "genre"))
    assert genres == {"规章甲": "rule", "文件乙": "normative", "文件丙": "normative"}
    assert PolicyDocument.objects.get(title="文件丙").validity_changed_on == datetime.date(
        2025, 5, 6)
    assert "第 4 行" in err.getvalue() and "genre" in err.getvalue()


def test_proposal_reply_needs_consent_is_listed_searchable_and_counted_per_year(
        client, column, department):
    def reply(number, year, **fields):
        fields.setdefault("consent", True)
        fields.setdefault("kind", "suggestion")
        page = ProposalReply(
            title=f"对市人大代表第{number}号建议的答复", slug=f"jy-{number}", live=False,
            year=year, number=f"第{number}号",
            proposal_title="关于增加社区预防接种门诊服务时间的建议", representative="刘代表",
            handling_department=department, result="planned",
            replied_on=datetime.date(2026, 6, 10), reply="<p>我委将在下半年试行周末接种。</p>",
            **fields)
        return column.add_child(instance=page)

    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        reply("0001", 2026, consent=False).full_clean()
    assert "同意" in str(error.value)
    publish(reply("0002", 2026))
    publish(reply("0003", 2025))
    publish(reply("0005", 2026, kind="proposal"))
    publish(reply("0006", 2026))
    reply("0004", 2026)  # a draft: not counted
    assert replies_per_year(2026) == {"suggestion": 2, "proposal": 1}
    assert replies_per_year(2025) == {"suggestion": 1, "proposal": 0}
    html = client.get(column.url).content.decode()
    assert "对市人大代表第0002号建议的答复" in html and "第0004号" not in html
    page = ProposalReply.objects.get(number="第0002号")
    html = client.get(page.url).content.decode()
    assert "列入计划" in html and "刘代表" in html
    document = page.search_document()
    assert "第0002号" in document["summary"] and "周末接种" in document["body"]


def test_upgrade_dates_documents_already_repealed_by_their_last_publication(make_document):
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "disclosure.migrations.0008_catalogue_sections_genre_standard_items_proposals")
    document = publish(make_document(written_on=datetime.date(2024, 5, 6)))
    PolicyDocument.objects.filter(pk=document.pk).update(validity="repealed",
                                                         validity_changed_on=None)
    revision = document.latest_revision
    revision.content["validity"] = "repealed"
    revision.content.pop("validity_changed_on", None)
    revision.save(update_fields=["content"])
    migration.date_existing_validity_changes(apps, None)
    document.refresh_from_db()
    published_day = document.last_published_at.astimezone(
        datetime.timezone(datetime.timedelta(hours=8))).date()
    assert document.validity_changed_on == max(published_day, document.written_on)
    assert document.latest_revision.content["validity_changed_on"] == \
        document.validity_changed_on.isoformat()
