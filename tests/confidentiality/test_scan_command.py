"""manage.py scan_confidential PATH...: JSON lines, exit 1 on blocking, 0 if clean, 2 if unreadable."""

import io
import json

import pytest
from django.core.management import call_command

from tests.samples import build_docx, build_text, build_xlsx

pytestmark = pytest.mark.django_db

VALID_ID = "41010519900307123X"


def run(*paths):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("scan_confidential", *[str(path) for path in paths], stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    lines = [json.loads(line) for line in out.getvalue().splitlines() if line.strip()]
    return code, lines, err.getvalue()


def test_blocking_findings_print_one_json_object_each_and_exit_1(tmp_path):
    path = tmp_path / "名单.xlsx"
    path.write_bytes(build_xlsx({"表1": [["身份证号", VALID_ID], ["电话", "13812345678"]]}))
    code, lines, _err = run(path)
    assert code == 1
    assert lines == [
        {"file": str(path), "location": "表1!B1", "kind": "id_number", "severity": "block",
         "text": VALID_ID},
        {"file": str(path), "location": "表1!B2", "kind": "mobile", "severity": "block",
         "text": "13812345678"},
    ]


def test_warnings_only_exit_0(tmp_path):
    path = tmp_path / "draft.txt"
    path.write_bytes(build_text(["关于调整收费标准的征求意见稿"]))
    code, lines, _err = run(path)
    assert code == 0
    assert [(line["kind"], line["severity"], line["location"]) for line in lines] == [
        ("process_info", "warn", "第1行")]


def test_clean_files_print_nothing_and_exit_0(tmp_path):
    path = tmp_path / "clean.docx"
    path.write_bytes(build_docx(["平卫〔2021〕3号", "资金1234567.89元", "日期20260315"]))
    assert run(path) == (0, [], "")


def test_unreadable_input_is_named_on_stderr_in_chinese_and_exits_2(tmp_path):
    good = tmp_path / "a.txt"
    good.write_bytes(build_text([f"身份证{VALID_ID}"]))
    broken = tmp_path / "损坏.pdf"
    broken.write_bytes(b"not a pdf")
    missing = tmp_path / "不存在.docx"
    code, lines, err = run(good, broken, missing)
    assert code == 2
    assert [line["kind"] for line in lines] == ["id_number"]  # the readable file is still scanned
    assert f"无法读取：{broken}" in err
    assert f"无法读取：{missing}" in err


def test_a_directory_is_scanned_file_by_file(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_bytes(build_text(["秘密★1年"]))
    (tmp_path / "a.txt").write_bytes(build_text(["无问题的文字"]))
    code, lines, _err = run(tmp_path)
    assert code == 1
    assert [(line["file"], line["kind"]) for line in lines] == [
        (str(tmp_path / "sub" / "b.txt"), "classification")]


def test_the_offices_sensitive_terms_are_used(tmp_path):
    from confidentiality.models import SensitiveTerm

    SensitiveTerm.objects.create(term="内部排名", severity="block")
    path = tmp_path / "a.txt"
    path.write_bytes(build_text(["各县区内部排名如下"]))
    code, lines, _err = run(path)
    assert code == 1 and lines[0]["kind"] == "sensitive_term"
