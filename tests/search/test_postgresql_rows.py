"""PostgreSQL: the narrow SearchRow copy follows every index entry (migration 0003's trigger)."""

import pytest
from django.db import connection
from django.utils import timezone

from search import index
from search.models import IndexEntry, SearchRow

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="SearchRow 只在 PostgreSQL 上由触发器维护（set DATABASE_URL to a "
                              "PostgreSQL database to run these）"),
]


def copied(entry) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute("""SELECT generation, page_id, facet_set_id, published_on, expire_at,
                                 document_number_key, search_vector = %s::tsvector
                          FROM search_indexrow WHERE id = %s""",
                       [_vector(entry), entry.pk])
        return cursor.fetchone()


def _vector(entry) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_vector::text FROM search_indexentry WHERE id = %s",
                       [entry.pk])
        return cursor.fetchone()[0]


def test_the_copy_follows_insert_update_and_delete(make_page):
    page = make_page("控烟", "<p>公共场所控烟工作检查通报。</p>", document_number="平卫〔2021〕3号")
    entry = IndexEntry.objects.get(page=page)
    assert copied(entry) == (entry.generation, page.pk, entry.facet_set_id, entry.published_on,
                             None, "平卫2021-3", True)
    later = timezone.now() + timezone.timedelta(days=30)
    IndexEntry.objects.filter(pk=entry.pk).update(body_tokens="职业病 防治", expire_at=later)
    entry.refresh_from_db()
    assert copied(entry)[4] == later and copied(entry)[6] is True
    index.remove_page(page.pk)
    assert not SearchRow.objects.filter(pk=entry.pk).exists()


def test_a_long_entry_reaches_the_copy_out_of_line(make_page):
    def chunks() -> int:
        with connection.cursor() as cursor:
            cursor.execute("""SELECT reltoastrelid::regclass::text FROM pg_class
                              WHERE oid = 'search_indexrow'::regclass""")
            toast = cursor.fetchone()[0]
            cursor.execute(f"SELECT count(*) FROM {toast}")  # noqa: S608 - a catalog name
            return cursor.fetchone()[0]

    assert chunks() == 0
    body = "<p>" + "推进家庭医生签约服务，做实基本公共卫生服务项目。" * 40 + "</p>"
    page = make_page("家庭医生", body)
    # The tsvector (the only long value of a SearchRow) went to the TOAST table, not the row.
    assert SearchRow.objects.filter(entry__page=page).exists()
    assert chunks() >= 1
