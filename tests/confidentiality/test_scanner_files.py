"""Scanning attachments: the same planted identifiers and traps in a PDF, a DOCX, an XLSX and
a text file; what is found, what is not, and where (page, paragraph, table cell, sheet cell, line)."""

import io

import pytest

from confidentiality.scanner import scan_file, scan_text
from tests.samples import build_docx, build_pdf, build_text, build_xlsx

VALID_ID = "41010519900307123X"
WRONG_CHECK_ID = "410105199003071234"
VALID_CARD = "6222021234567890128"
WRONG_LUHN_CARD = "6222021234567890123"

# lines that must produce nothing
TRAPS = [
    "关于印发2026年卫生健康工作要点的通知",
    "平卫〔2021〕3号",
    "成文日期：20260315",
    "下达资金1234567.89元，累计12,345,678元",
    f"登记编号{WRONG_CHECK_ID}",
    f"账号{WRONG_LUHN_CARD}",
    "咨询电话：0375-2345678，受理编号12345678901",
    "涉及国家秘密的信息不予公开",
]
# (line, kind, matched text)
PLANTED = [
    ("秘密★1年", "classification", "秘密★1年"),
    (f"申请人身份证号{VALID_ID}", "id_number", VALID_ID),
    ("联系电话13812345678", "mobile", "13812345678"),
    (f"收款账号{VALID_CARD}", "bank_card", VALID_CARD),
    ("患者王小明，男，45岁，确诊为肺结核", "name_diagnosis", "王小明，男，45岁，确诊"),
]


def scan(data, filename):
    return scan_file(io.BytesIO(data), filename, terms=[])


def kinds_and_texts(report):
    return sorted((finding.kind, finding.text) for finding in report.findings)


EXPECTED = sorted((kind, text) for _line, kind, text in PLANTED)


def test_pdf_findings_name_the_page_and_line():
    pages = [TRAPS, [line for line, _kind, _text in PLANTED]]
    report = scan(build_pdf(pages), "通知.pdf")
    assert kinds_and_texts(report) == EXPECTED
    by_kind = {finding.kind: finding.location for finding in report.findings}
    assert by_kind["classification"] == "第2页 第1行"
    assert by_kind["mobile"] == "第2页 第3行"
    assert report.has_blocking


def test_pdf_of_traps_only_is_clean():
    report = scan(build_pdf([TRAPS, TRAPS]), "traps.pdf")
    assert report.findings == []


def test_docx_findings_name_the_paragraph_table_cell_and_header():
    data = build_docx(
        TRAPS + ["患者王小明，男，45岁，确诊为肺结核"],
        tables=[[["姓名", "身份证号", "电话", "账号"],
                 ["张三", VALID_ID, "13812345678", VALID_CARD],
                 ["李四", WRONG_CHECK_ID, "12345678901", WRONG_LUHN_CARD]]],
        header="秘密★1年")
    report = scan(data, "名单.docx")
    assert kinds_and_texts(report) == EXPECTED
    where = {finding.kind: finding.location for finding in report.findings}
    assert where == {
        "classification": "第1节页眉",
        "name_diagnosis": f"第{len(TRAPS) + 1}段",
        "id_number": "表格1 第2行第2列",
        "mobile": "表格1 第2行第3列",
        "bank_card": "表格1 第2行第4列",
    }


@pytest.mark.parametrize("shared_strings", [False, True], ids=["inline-strings", "shared-strings"])
def test_xlsx_findings_name_the_sheet_and_cell_and_phone_like_numbers_in_tables_are_not_phones(
        shared_strings):
    data = build_xlsx({
        "发放名单": [
            ["序号", "姓名", "身份证号", "联系电话", "金额（元）", "账号"],
            [1, "张*三", VALID_ID, 13812345678, 1234567.89, VALID_CARD],
            [2, "李*四", WRONG_CHECK_ID, 12345678901, 12345678, WRONG_LUHN_CARD],
            [3, "王*五", "410***********1234", "138****5678", 20260315, "平卫〔2021〕3号"],
            [4, "赵*六", 99999999999, 14012345678, 10012345678, 16000000000],
        ],
        "说明": [["秘密★1年"], ["患者王小明，男，45岁，确诊为肺结核"]],
    }, shared_strings=shared_strings)
    report = scan(data, "发放名单.xlsx")
    assert kinds_and_texts(report) == EXPECTED
    where = {finding.kind: finding.location for finding in report.findings}
    assert where == {
        "id_number": "发放名单!C2", "mobile": "发放名单!D2", "bank_card": "发放名单!F2",
        "classification": "说明!A1", "name_diagnosis": "说明!A2",
    }


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_text_file_findings_name_the_line(encoding):
    lines = TRAPS + [line for line, _kind, _text in PLANTED]
    report = scan(build_text(lines, encoding), "old-site.txt")
    assert kinds_and_texts(report) == EXPECTED
    where = {finding.kind: finding.location for finding in report.findings}
    assert where["classification"] == f"第{len(TRAPS) + 1}行"


def test_findings_in_a_file_carry_the_attachment_and_a_suggested_mask():
    report = scan_file(io.BytesIO(build_text([f"身份证{VALID_ID}"])), "a.txt",
                       location_prefix="附件“名单”", attachment_id=7, terms=[])
    [finding] = report.findings
    assert finding.location == "附件“名单” 第1行"
    assert finding.attachment_id == 7 and finding.in_attachment
    assert finding.suggestion == "410***********123X"


def test_a_value_repeated_in_many_cells_is_reported_in_every_cell_in_order():
    rows = [["序号", "联系电话"]] + [[n, "13812345678" if n % 3 == 0 else "无"] for n in range(1, 10)]
    report = scan(build_xlsx({"名单": rows}, shared_strings=True), "名单.xlsx")
    assert [finding.location for finding in report.findings] == ["名单!B4", "名单!B7", "名单!B10"]
    assert {finding.text for finding in report.findings} == {"13812345678"}


def test_text_holding_the_internal_separator_is_scanned_as_if_it_were_a_space():
    from confidentiality.detectors import SEPARATOR

    report = scan_text(f"联系人{SEPARATOR}13812345678", "正文", terms=[])
    [finding] = report.findings
    assert finding.kind == "mobile" and finding.text == "13812345678"
