"""`manage.py import_documents`: validation per line, sanitising, idempotence, the column."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import strip_tags
from wagtail.models import Revision

from disclosure.importer import import_documents, sanitise_body
from disclosure.models import CatalogueColumn, PolicyDocument

GOOD = {
    "title": "关于进一步规范预防接种门诊管理的通知",
    "body": "各区卫生健康局：\n为规范预防接种门诊设置和服务，现就有关事项通知如下。",
    "document_number": "示卫〔2019〕12号",
    "issuing_body": "示例市卫生健康委员会",
    "written_on": "2019-04-08",
    "published_on": "2019-04-10",
    "subject": "卫生、体育",
    "validity": "有效",
    "summary": "明确预防接种门诊的设置条件和服务规范。",
    "tags": ["预防接种", "门诊管理"],
}


def write_jsonl(tmp_path, lines, name="documents.jsonl"):
    path = tmp_path / name
    path.write_text("\n".join(line if isinstance(line, str) else json.dumps(
        line, ensure_ascii=False) for line in lines) + "\n", encoding="utf-8")
    return path


def run(path, *args):
    out, err = StringIO(), StringIO()
    call_command("import_documents", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_creates_published_documents_with_a_revision_each(column, tmp_path):
    second = dict(GOOD, title="关于做好秋冬季传染病防控工作的通知", document_number="",
                  written_on="2020-10-09", published_on=None, validity="repealed",
                  body="<p>请各单位<strong>认真落实</strong>。</p>", tags="传染病，防控")
    out, err = run(write_jsonl(tmp_path, [GOOD, second]))
    assert "新建 2 篇" in out and err == ""
    first = PolicyDocument.objects.get(document_number="示卫〔2019〕12号")
    assert first.live and first.get_parent().specific == column
    assert first.live_revision_id and first.latest_revision_id == first.live_revision_id
    assert Revision.objects.filter(object_id=str(first.pk)).count() == 1
    assert first.written_on == datetime.date(2019, 4, 8) == first.formed_on
    assert first.published_on == datetime.date(2019, 4, 10)
    assert first.published_date == datetime.date(2019, 4, 10)
    assert first.subject == "health" and first.validity == "valid"
    assert sorted(first.tags.names()) == ["门诊管理", "预防接种"]
    assert first.body == ("<p>各区卫生健康局：</p><p>为规范预防接种门诊设置和服务，"
                          "现就有关事项通知如下。</p>")
    assert first.index_number  # assigned on first publication like any other item
    other = PolicyDocument.objects.get(title=second["title"])
    assert other.validity == "repealed" and other.published_on == datetime.date(2020, 10, 9)
    assert other.body == "<p>请各单位<strong>认真落实</strong>。</p>"
    assert sorted(other.tags.names()) == ["传染病", "防控"]


def test_import_does_not_start_the_approval_workflow(column, tmp_path):
    run(write_jsonl(tmp_path, [GOOD]))
    document = PolicyDocument.objects.get()
    assert document.current_workflow_state is None
    assert not document.workflow_states.exists()


@pytest.mark.parametrize(("line", "reason"), [
    (dict(GOOD, title=""), "缺少必填字段 title（标题）"),
    ({k: v for k, v in GOOD.items() if k != "body"}, "缺少必填字段 body（正文）"),
    ({k: v for k, v in GOOD.items() if k != "written_on"}, "缺少必填字段 written_on（成文日期）"),
    (dict(GOOD, written_on="2019/04/08"), "成文日期（written_on）应为 YYYY-MM-DD"),
    (dict(GOOD, written_on="2019-02-30"), "不是有效日期：2019-02-30"),
    (dict(GOOD, published_on="10 April 2019"), "发布日期（published_on）应为 YYYY-MM-DD"),
    (dict(GOOD, published_on="2019-04-01"), "早于成文日期"),
    (dict(GOOD, written_on="2999-01-01", published_on=None), "晚于今天"),
    (dict(GOOD, validity="作废"), "validity 的值“作废”无法识别"),
    (dict(GOOD, subject="卫生"), "subject 的值“卫生”无法识别"),
    (dict(GOOD, document_number="示卫〔2019〕012号"), "不符合 GB/T 9704 格式"),
    (dict(GOOD, attachments=["missing/原文.pdf"]), "附件文件不存在：missing/原文.pdf"),
    (dict(GOOD, titel="错字"), "有无法识别的字段：titel"),
    (dict(GOOD, tags=[1, 2]), "tags 应为文本列表"),
    (dict(GOOD, body="<script>alert(1)</script>"), "正文（body）清理后为空"),
    ('{"title": "缺右括号"', "不是有效的 JSON"),
    ("[1, 2, 3]", "应为一个 JSON 对象"),
])
def test_bad_line_is_reported_with_its_number_and_reason_and_nothing_of_it_stored(
        column, tmp_path, line, reason):
    good_two = dict(GOOD, document_number="示卫〔2019〕13号", title="另一份文件")
    out, err = run(write_jsonl(tmp_path, [GOOD, line, good_two]))
    [message] = err.splitlines()
    assert message.startswith("第 2 行：") and reason in message
    assert "新建 2 篇" in out and "出错 1 行" in out
    assert PolicyDocument.objects.count() == 2


def test_line_that_is_not_utf8_is_reported(column, tmp_path):
    path = tmp_path / "gbk.jsonl"
    path.write_bytes(json.dumps(GOOD, ensure_ascii=False).encode("utf-8") + b"\n"
                     + json.dumps(dict(GOOD, document_number="示卫〔2019〕14号"),
                                  ensure_ascii=False).encode("gbk") + b"\n")
    out, err = run(path)
    assert "第 2 行：不是 UTF-8 编码" in err and "新建 1 篇" in out


def test_script_tags_and_event_handlers_are_sanitised(column, tmp_path):
    body = ('<p onclick="steal()">正文第一段<script>document.cookie</script></p>'
            '<style>p{display:none}</style><a href="javascript:alert(1)">链接</a>'
            '<a href="https://www.gov.cn/">中国政府网</a><iframe src="https://evil"></iframe>')
    run(write_jsonl(tmp_path, [dict(GOOD, body=body, title="<b>标题</b>含标签")]))
    document = PolicyDocument.objects.get()
    assert document.body == ('<p>正文第一段</p><a>链接</a>'
                             '<a href="https://www.gov.cn/">中国政府网</a>')
    assert document.title == "标题含标签"


def test_plain_text_body_is_escaped_into_paragraphs():
    assert sanitise_body("第一段 <不是标签\n\n第二段 & 其他") == (
        "<p>第一段 &lt;不是标签</p><p>第二段 &amp; 其他</p>")


def test_running_the_same_file_again_creates_nothing(column, tmp_path):
    lines = [GOOD, dict(GOOD, document_number="", title="无文号的通知", written_on="2018-01-02",
                        published_on="2018-01-03")]
    path = write_jsonl(tmp_path, lines)
    run(path)
    out, err = run(path)
    assert "新建 0 篇，已存在跳过 2 篇" in out
    assert PolicyDocument.objects.count() == 2
    assert Revision.objects.count() == 2


def test_duplicates_match_on_document_number_else_title_and_date_written(column, tmp_path):
    lines = [
        GOOD,
        dict(GOOD, title="标题不同但文号相同"),  # same number: the same document
        dict(GOOD, document_number="", title="无文号", written_on="2018-01-02",
             published_on=None),
        dict(GOOD, document_number="", title="无文号", written_on="2018-01-02",
             published_on=None, body="正文略有不同"),  # same title and date
        dict(GOOD, document_number="", title="无文号", written_on="2018-01-03",
             published_on=None),  # another date: another document
    ]
    out, _err = run(write_jsonl(tmp_path, lines))
    assert "新建 3 篇，已存在跳过 2 篇" in out
    assert PolicyDocument.objects.filter(title="无文号").count() == 2


def test_attachments_become_wagtail_documents(column, tmp_path):
    from wagtail.documents import get_document_model

    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "原文.pdf").write_bytes(b"%PDF-1.4\n% test file\n")
    run(write_jsonl(tmp_path, [dict(GOOD, attachments=["files/原文.pdf"])]))
    document = PolicyDocument.objects.get()
    [attachment] = document.attachments.all()
    assert attachment.document.title == "原文"
    assert attachment.document.file.read() == b"%PDF-1.4\n% test file\n"
    assert get_document_model().objects.count() == 1


def test_attachment_of_a_refused_type_is_a_line_error(column, tmp_path):
    (tmp_path / "run.exe").write_bytes(b"MZ")
    _out, err = run(write_jsonl(tmp_path, [dict(GOOD, attachments=["run.exe"])]))
    assert "第 1 行：附件“run.exe”的格式不被接受" in err
    assert not PolicyDocument.objects.exists()


def test_column_option_imports_into_the_named_column(column, catalogue, department, tmp_path):
    other = catalogue.add_child(instance=CatalogueColumn(
        title="规范性文件", slug="gfxwj", department=department, rule="document"))
    run(write_jsonl(tmp_path, [GOOD]), "--column", "gfxwj")
    assert PolicyDocument.objects.get().get_parent().pk == other.pk


def test_unknown_column_is_a_clear_error(column, tmp_path):
    with pytest.raises(CommandError, match="目录中没有标识为“nope”的栏目。现有栏目：zcwj"):
        run(write_jsonl(tmp_path, [GOOD]), "--column", "nope")


def test_without_column_the_policy_documents_column_is_used(catalogue, department, tmp_path):
    catalogue.add_child(instance=CatalogueColumn(
        title="工作动态", slug="gzdt", department=department, rule="news"))
    documents = catalogue.add_child(instance=CatalogueColumn(
        title="政策文件", slug="zcwj", department=department, rule="document"))
    report = import_documents(write_jsonl(tmp_path, [GOOD]))
    assert report.created == 1
    assert PolicyDocument.objects.get().get_parent().pk == documents.pk


def test_site_without_a_catalogue_gets_a_clear_error(home, tmp_path):
    with pytest.raises(CommandError, match="本站还没有政府信息公开目录"):
        run(write_jsonl(tmp_path, [GOOD]))


def test_missing_file_gets_a_clear_error(column, tmp_path):
    with pytest.raises(CommandError, match="找不到导入文件"):
        run(tmp_path / "nope.jsonl")


def test_imported_pages_keep_the_page_tree_and_audit_trail_consistent(column, make_document,
                                                                       tmp_path):
    from wagtail.models import Page, PageLogEntry

    make_document()  # an editor's page already in the column
    lines = [dict(GOOD, document_number=f"示卫〔2019〕{n}号", title=f"通知{n}")
             for n in range(1, 4)]
    run(write_jsonl(tmp_path, lines))
    assert all(not problems for problems in Page.find_problems())
    column.refresh_from_db()
    assert column.numchild == 4
    document = PolicyDocument.objects.get(document_number="示卫〔2019〕2号")
    assert document.url_path == f"{column.url_path}{document.slug}/"
    assert document.get_parent().pk == column.pk
    actions = set(PageLogEntry.objects.filter(page=document).values_list("action", flat=True))
    assert actions == {"wagtail.create", "wagtail.publish"}


# --- what an imported page shares with a page published normally ---------------------------


def test_revision_holds_what_wagtail_would_store_for_the_page(column, tmp_path):
    (tmp_path / "原文.pdf").write_bytes(b"%PDF-1.4\n")
    run(write_jsonl(tmp_path, [dict(GOOD, attachments=["原文.pdf"])]))
    document = PolicyDocument.objects.get()
    revision = document.live_revision
    # Wagtail's revision content of the stored page, as JSON stores it.
    expected = json.loads(json.dumps(document.serializable_data(), cls=DjangoJSONEncoder))
    # Only what the revision itself sets afterwards differs.
    for name in ("latest_revision", "live_revision", "latest_revision_created_at"):
        expected.pop(name), revision.content.pop(name)
    assert revision.content == expected
    assert len(expected["tagged_items"]) == 2 and len(expected["attachments"]) == 1
    assert revision.content["amends"] == [] and revision.content["repeals"] == []
    restored = revision.as_object()
    assert sorted(restored.tags.names()) == ["门诊管理", "预防接种"]
    assert restored.index_number == document.index_number


def test_index_numbers_are_consecutive_and_a_line_failing_at_save_takes_none(
        column, tmp_path, monkeypatch):
    from disclosure import importer

    lines = [dict(GOOD, document_number=f"示卫〔2019〕{n}号", title=f"通知{n}",
                  tags=[f"主题{n}"]) for n in range(1, 5)]
    real_store = importer._store_attachment

    def store(path, title, stored_files):
        raise OSError("磁盘已满")

    monkeypatch.setattr(importer, "_store_attachment", store)
    (tmp_path / "原文.pdf").write_bytes(b"%PDF-1.4\n")
    lines[1]["attachments"] = ["原文.pdf"]  # this line fails while being stored
    lines[1]["tags"] = ["主题2", "共用"]  # new words, rolled back with the line ...
    lines[2]["tags"] = ["共用"]  # ... so the next line must create this one again
    out, err = run(write_jsonl(tmp_path, lines))
    monkeypatch.setattr(importer, "_store_attachment", real_store)
    assert "第 2 行：保存失败：磁盘已满" in err and "新建 3 篇" in out
    numbers = sorted(PolicyDocument.objects.values_list("index_number", flat=True))
    assert [n.rsplit("-", 1)[1] for n in numbers] == ["00001", "00002", "00003"]
    assert all(n.split("/")[1].startswith("2019-") for n in numbers)
    # Nothing of the failed line stayed: not even the subject words it brought.
    from taggit.models import Tag
    assert not Tag.objects.filter(name="主题2").exists()
    assert list(PolicyDocument.objects.get(title="通知3").tags.names()) == ["共用"]
    # The next publication continues the series: the unused serial went back to the counter.
    lines = [dict(GOOD, document_number="示卫〔2019〕9号", title="后来的通知")]
    run(write_jsonl(tmp_path, lines, "more.jsonl"))
    assert PolicyDocument.objects.get(title="后来的通知").index_number.endswith("2019-00004")


def test_index_numbers_follow_pages_published_one_by_one(column, make_document, tmp_path):
    from tests.disclosure.conftest import publish

    single = publish(make_document())  # published now, this year
    lines = [dict(GOOD, document_number="", title="旧通知", written_on="2019-04-08",
                  published_on="2019-04-08"),
             dict(GOOD, document_number="", title="今年的通知",
                  written_on=single.published_date.isoformat(), published_on=None)]
    run(write_jsonl(tmp_path, lines))
    year = single.published_date.year
    assert PolicyDocument.objects.get(title="旧通知").index_number.endswith("/2019-00001")
    assert PolicyDocument.objects.get(title="今年的通知").index_number.endswith(
        f"/{year}-00002")


def test_imported_pages_have_their_deadline_from_the_column(column, tmp_path):
    from disclosure.deadlines import item_deadline

    run(write_jsonl(tmp_path, [GOOD]))
    document = PolicyDocument.objects.get()
    fresh = PolicyDocument.objects.get(pk=document.pk)  # column looked up in the database
    assert document.due_on is not None
    assert document.due_on == item_deadline(fresh).due


def test_imported_documents_are_found_by_the_site_search(column, tmp_path,
                                                         django_capture_on_commit_callbacks):
    from search import index
    from search.backends import SearchRequest, get_backend
    from search.query import plan

    second = dict(GOOD, document_number="示卫〔2020〕5号", title="关于开展职业病防治宣传周活动的通知",
                  body="请各单位组织职业病防治宣传。", summary="", tags=[])
    with django_capture_on_commit_callbacks(execute=True):
        run(write_jsonl(tmp_path, [GOOD, second]))

    def found(text):
        return [hit.page_id for hit in get_backend().search(SearchRequest(plan=plan(text))).hits]

    first = PolicyDocument.objects.get(document_number="示卫〔2019〕12号")
    other = PolicyDocument.objects.get(document_number="示卫〔2020〕5号")
    assert found("预防接种门诊") == [first.pk]
    assert found("职业病防治") == [other.pk]
    assert found("示卫[2020]5号")[0] == other.pk
    # The catalogue and its column are searchable too, but the fixture made them without
    # publishing them (no index task ran): only they may be missing, nothing imported.
    report = index.check()
    assert not report.stale and not report.extra
    assert set(report.missing) <= {column.pk, column.get_parent().pk}


def test_an_import_batch_enqueues_one_index_task_for_all_its_pages(column, tmp_path, monkeypatch,
                                                                   django_capture_on_commit_callbacks):
    import search.tasks

    single, batched = [], []

    class Spy:
        def __init__(self, calls):
            self.calls = calls

        def enqueue(self, *args):
            self.calls.append(args)

    monkeypatch.setattr(search.tasks, "update_page_index", Spy(single))
    monkeypatch.setattr(search.tasks, "update_pages_index", Spy(batched))
    monkeypatch.setattr("disclosure.importer.BATCH_SIZE", 2)
    lines = [dict(GOOD, document_number=f"示卫〔2019〕{n}号", title=f"通知{n}") for n in range(1, 4)]
    with django_capture_on_commit_callbacks(execute=True):
        run(write_jsonl(tmp_path, lines))
    ids = sorted(PolicyDocument.objects.values_list("pk", flat=True))
    assert single == []
    assert batched == [(ids[:2],), (ids[2:],)]  # one task a batch of two lines


def test_batch_index_task_brings_each_page_in_line(column, make_document):
    from search.models import IndexEntry
    from search.tasks import update_pages_index
    from tests.disclosure.conftest import publish

    live = publish(make_document("已发布的通知"))
    draft = make_document("草稿通知")
    IndexEntry.objects.all().delete()
    result = update_pages_index.call([live.pk, draft.pk, 999999])
    assert result == {"indexed": 1, "removed": 2}
    assert list(IndexEntry.objects.values_list("page_id", flat=True)) == [live.pk]


def test_batched_page_updates_gathers_nested_blocks_and_leaves_others_alone(
        db, monkeypatch, django_capture_on_commit_callbacks):
    import search.tasks
    from search.signal_handlers import batched_page_updates, enqueue_page_update

    calls = []
    monkeypatch.setattr(search.tasks, "update_page_index",
                        type("T", (), {"enqueue": staticmethod(lambda i: calls.append(("one", i)))}))
    monkeypatch.setattr(search.tasks, "update_pages_index",
                        type("T", (), {"enqueue": staticmethod(lambda ids: calls.append(("many", ids)))}))
    with django_capture_on_commit_callbacks(execute=True):
        with batched_page_updates():
            enqueue_page_update([3, 1])
            with batched_page_updates():
                enqueue_page_update([2, 3])
        enqueue_page_update([7])
    assert calls == [("many", [1, 2, 3]), ("one", 7)]


def test_imported_page_is_served_listed_and_edited_like_a_published_one(column, tmp_path, client,
                                                                        django_user_model):
    (tmp_path / "原文.pdf").write_bytes(b"%PDF-1.4\n")
    run(write_jsonl(tmp_path, [dict(GOOD, attachments=["原文.pdf"])]))
    document = PolicyDocument.objects.get()
    html = client.get(document.url).content.decode()
    shown = strip_tags(html)  # the index number is drawn in two unbreakable halves
    for text in (document.title, document.index_number, "示卫〔2019〕12号", "预防接种", "原文"):
        assert text in shown
    assert document.title in client.get(column.url).content.decode()
    for url in ("/disclosure/feed/", f"/disclosure/feed/column/{column.pk}/"):
        assert document.title in client.get(url).content.decode()
    assert document.url in client.get("/sitemap.xml").content.decode()
    client.force_login(django_user_model.objects.create_superuser("admin", "a@example.com", "x"))
    edit = client.get(f"/admin/pages/{document.pk}/edit/")
    assert edit.status_code == 200 and edit.context["form"].initial["title"] == document.title
    history = client.get(f"/admin/pages/{document.pk}/history/").content.decode()
    assert "已发布" in history or "Published" in history
