"""A catalogue entry's address: `<year>-<serial>`, short, unique in its column, given once at
creation (by the model, the admin and the importer alike) and kept when the title changes."""

import datetime
import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from disclosure.importer import import_documents
from disclosure.models import PolicyDocument, WorkNews
from disclosure.models.items import ITEM_SLUG_MAX_LENGTH, local_today, next_item_slug

pytestmark = pytest.mark.django_db

LONG_TITLE = "示例市卫生健康委员会关于" + "进一步加强和改进医疗机构管理工作" * 13 + "的通知"


def test_next_slug_counts_only_this_years_serials():
    taken = ["2026-0001", "2026-0041", "2025-0099", "rjss-2023", "2026-abc"]
    assert next_item_slug(taken, 2026) == "2026-0042"
    assert next_item_slug(taken, 2027) == "2027-0001"
    assert next_item_slug([], 2026) == "2026-0001"


def test_new_entry_without_slug_gets_year_and_serial_not_its_title(make_news, news_column):
    assert len(LONG_TITLE) > 200
    first = news_column.add_child(instance=WorkNews(
        title=LONG_TITLE, body="<p>正文</p>", happened_on=local_today(), live=False))
    second = news_column.add_child(instance=WorkNews(
        title=LONG_TITLE, body="<p>正文</p>", happened_on=local_today(), live=False))
    year = local_today().year
    assert (first.slug, second.slug) == (f"{year}-0001", f"{year}-0002")


def test_slug_stays_when_the_title_changes(news_column):
    news = news_column.add_child(instance=WorkNews(
        title="原标题", body="<p>正文</p>", happened_on=local_today(), live=False))
    slug = news.slug
    news.title = "修改后的标题"
    news.save_revision().publish()
    news.refresh_from_db()
    assert news.slug == slug


def test_a_slug_longer_than_the_limit_is_refused_in_chinese(news_column):
    news = WorkNews(title="标题", slug="a" * (ITEM_SLUG_MAX_LENGTH + 1), body="<p>正文</p>",
                    happened_on=local_today())
    with pytest.raises(Exception) as caught:
        news_column.add_child(instance=news)
    assert "网址标识最长" in str(caught.value)


@pytest.fixture
def admin_client(client, db):
    user = get_user_model().objects.create_superuser(
        username="slug-admin", password="pw-for-tests-only", email="a@example.test")
    client.force_login(user)
    return client


def test_admin_does_not_copy_the_title_into_the_slug_of_an_entry(admin_client, news_column):
    html = admin_client.get(reverse(
        "wagtailadmin_pages:add", args=("disclosure", "worknews", news_column.pk))).content.decode()
    title_input = re.search(r'<input[^>]*name="title"[^>]*>', html).group(0)
    assert 'data-w-sync-target-value=""' in title_input and "#id_slug" not in title_input


def test_admin_creates_an_entry_with_an_empty_slug_as_year_and_serial(admin_client, news_column):
    data = nested_form_data({
        "title": LONG_TITLE, "slug": "", "happened_on": local_today().isoformat(), "place": "",
        "summary": "", "body": rich_text("<p>正文</p>"), "image": "", "image_caption": "",
        "formed_on": local_today().isoformat(), "author": "", "source": "",
        "extension_days": 0, "extension_reason": "",
        "attachments": inline_formset([]), "comments": inline_formset([]),
    })
    response = admin_client.post(reverse(
        "wagtailadmin_pages:add", args=("disclosure", "worknews", news_column.pk)), data)
    assert response.status_code == 302, response.context["form"].errors
    assert WorkNews.objects.get().slug == f"{local_today().year}-0001"


def test_importer_gives_year_and_serial_slugs(column, tmp_path):
    lines = [{"title": LONG_TITLE, "document_number": f"示卫〔2025〕{n}号",
              "issuing_body": "示例市卫生健康委员会", "written_on": "2025-03-02",
              "published_on": "2025-03-05", "body": "<p>正文</p>"} for n in (1, 2)]
    path = tmp_path / "documents.jsonl"
    path.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines))
    report = import_documents(path, column.slug)
    assert report.created == 2, report.errors
    year = local_today().year
    assert sorted(PolicyDocument.objects.values_list("slug", flat=True)) == [
        f"{year}-0001", f"{year}-0002"]
    assert datetime.date.fromisoformat("2025-03-02")  # the written date does not set the year
