"""`manage.py import_documents`: validation per line, sanitising, idempotence, the column."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
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
