"""The disclosure office's admin for search, and `manage.py search_index`."""

import io
from datetime import timedelta

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from search.models import IndexEntry, QueryLog, SearchTerm
from search.terms import starting_synonyms

pytestmark = pytest.mark.django_db


def test_office_sees_top_and_zero_result_queries(client, roles, make_user):
    office = make_user("office1", "政务公开办公室")
    today = timezone.localdate()
    QueryLog.objects.create(query="民生资金", day=today, searches=5)
    QueryLog.objects.create(query="民生资金", day=today - timedelta(days=3), searches=2)
    QueryLog.objects.create(query="无此词", day=today, searches=2, zero_result_searches=2)
    QueryLog.objects.create(query="很久以前", day=today - timedelta(days=200), searches=99,
                            zero_result_searches=1)
    client.force_login(office)
    response = client.get("/admin/search/report/?days=30")
    assert response.status_code == 200
    rows = response.context["object_list"]
    assert [(row["query"], row["total"]) for row in rows] == [("民生资金", 7), ("无此词", 2)]
    zero = client.get("/admin/search/report/", {"days": "30", "zero": "true"})
    assert [(row["query"], row["zero"]) for row in zero.context["object_list"]] == [("无此词", 2)]
    everything = client.get("/admin/search/report/", {"ordering": "-zero"}).context["object_list"]
    assert [row["query"] for row in everything] == ["无此词", "很久以前", "民生资金"]


def test_search_report_exports_xlsx_and_csv(client, roles, make_user):
    QueryLog.objects.create(query="民生资金", day=timezone.localdate(), searches=5)
    client.force_login(make_user("office1", "政务公开办公室"))
    xlsx = client.get("/admin/search/report/", {"days": "7", "export": "xlsx"})
    rows = list(openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active.values)
    assert rows == [("检索词", "检索次数", "无结果次数"), ("民生资金", 5, 0)]
    csv_text = b"".join(client.get("/admin/search/report/", {"export": "csv"})
                        .streaming_content).decode()
    assert "民生资金,5,0" in csv_text
    results = client.get("/admin/search/report/results/", {"days": "7"})
    assert results.status_code == 200 and "民生资金" in results.content.decode()


def test_search_report_answers_a_bad_period_with_the_form_error_not_a_500(client, roles,
                                                                           make_user):
    client.force_login(make_user("office1", "政务公开办公室"))
    response = client.get("/admin/search/report/", {"days": "abc"})
    assert response.status_code == 200 and response.context["filters"].errors["days"]


def test_editor_may_not_see_the_search_report(client, roles, make_user):
    client.force_login(make_user("editor1", "信息员"))
    assert client.get("/admin/search/report/").status_code in (302, 403)


def test_office_edits_the_word_list_in_the_admin(client, roles, make_user):
    client.force_login(make_user("office2", "政务公开办公室"))
    assert client.get("/admin/snippets/search/searchterm/").status_code == 200
    assert client.get("/admin/snippets/search/promotedresult/").status_code == 200


def test_search_index_terms_loads_the_starting_list_once(capsys):
    call_command("search_index", "terms")
    call_command("search_index", "terms")
    assert SearchTerm.objects.count() == len(starting_synonyms())
    assert "卫生健康委员会" in SearchTerm.objects.get(word="卫健委").synonym_list()
    assert SearchTerm.objects.get(word="发改委").synonym_list()[0] == "发展和改革委员会"
    assert SearchTerm.objects.get(word="人社局").synonym_list()[0] == "人力资源和社会保障局"
    assert SearchTerm.objects.get(word="政府信息公开").synonym_list()[0] == "信息公开"


def test_the_shipped_vocabulary_holds_at_least_150_pairs_of_short_and_full_forms():
    pairs = sum(len(forms) for _word, forms in starting_synonyms())
    assert pairs >= 150
    words = dict(starting_synonyms())
    assert "三公经费" in words["三公经费"] or "三公" in words["三公经费"]
    assert "卫生和计划生育委员会" in words["卫健委"] and "卫生局" in words["卫健委"]


def test_search_index_check_lists_missing_pages_and_update_fixes_them(make_page, capsys):
    page = make_page("出生医学证明", "<p>出生医学证明办理须知。</p>")
    IndexEntry.objects.filter(page=page).delete()
    with pytest.raises(CommandError):
        call_command("search_index", "check")
    assert f"缺失\tpage {page.pk}" in capsys.readouterr().out
    call_command("search_index", "update")
    call_command("search_index", "check")
    call_command("search_index", "rebuild")
    assert IndexEntry.objects.filter(page=page).count() == 1


def test_search_index_check_repair_puts_missing_pages_back(make_page, capsys):
    page = make_page("出生医学证明补办", "<p>补办须知。</p>")
    IndexEntry.objects.filter(page=page).delete()
    call_command("search_index", "check", "--repair")
    assert f"缺失\tpage {page.pk}" in capsys.readouterr().out
    assert IndexEntry.objects.filter(page=page).count() == 1
    call_command("search_index", "check")
