"""The confidentiality scanner's detectors (条例 第十四至十六条): what is found, what is not.

Every text here is written for the test; identifiers are generated to pass or fail their
checks on purpose (the ID check character, Luhn, the mobile prefix, a real birth date).
"""

import pytest

from confidentiality.detectors import Term
from confidentiality.scanner import ScanReport, scan_text
from personaldata import is_luhn_valid, is_valid_id15, is_valid_id18

VALID_ID = "41010519900307123X"           # check character X is right
VALID_ID_DIGIT = "440306198512014565"
WRONG_CHECK_ID = "410105199003071234"     # same number, wrong check character
OLD_ID = "410105900307123"                # 15 digits: Henan, born 1990-03-07
VALID_CARD = "6222021234567890128"        # 19 digits, Luhn-valid
WRONG_LUHN_CARD = "6222021234567890123"


def found(text, terms=()):
    return [(f.kind, f.text) for f in scan_text(text, terms=list(terms)).findings]


def kinds(text, terms=()):
    return {f.kind for f in scan_text(text, terms=list(terms)).findings}


# --- identifiers --------------------------------------------------------------------------


def test_id_check_character_follows_iso_7064_mod_11_2():
    assert is_valid_id18(VALID_ID)
    assert is_valid_id18(VALID_ID.lower())
    assert is_valid_id18(VALID_ID_DIGIT)
    assert not is_valid_id18(WRONG_CHECK_ID)
    assert not is_valid_id18("990105199003071236")  # no province 99
    assert not is_valid_id18("410105199002301231")  # 30 February


def test_eighteen_digit_id_number_is_blocking_personal_data_article_15():
    report = scan_text(f"申请人身份证号：{VALID_ID}。", terms=[])
    [finding] = report.findings
    assert (finding.kind, finding.severity, finding.text) == ("id_number", "block", VALID_ID)
    assert finding.suggestion == "410***********123X"
    assert report.has_blocking


def test_id_number_with_wrong_check_character_is_not_reported_at_all():
    # neither as an ID number nor, though Luhn might pass, as a bank card
    assert found(f"编号{WRONG_CHECK_ID}") == []
    for last in "0123456789X":
        number = WRONG_CHECK_ID[:17] + last
        expected = [("id_number", number)] if is_valid_id18(number) else []
        assert found(f"号码 {number} ") == expected


def test_old_fifteen_digit_id_number_needs_a_province_and_a_real_birth_date():
    assert is_valid_id15(OLD_ID)
    assert found(f"旧身份证{OLD_ID}") == [("id_number", OLD_ID)]
    assert found("流水号990105900307123") == []   # no province 99
    assert found("流水号410105901307123") == []   # month 13


def test_mobile_numbers_need_a_real_prefix():
    assert found("联系电话13812345678") == [("mobile", "13812345678")]
    assert found("电话：+86 138-1234-5678") == [("mobile", "+86 138-1234-5678")]
    assert found("19912345678") == [("mobile", "19912345678")]
    for not_mobile in ("12345678901", "14012345678", "10012345678", "19412345678"):
        assert found(f"编号{not_mobile}") == [], not_mobile


def test_bank_card_must_pass_luhn_and_have_16_to_19_digits():
    assert is_luhn_valid(VALID_CARD)
    assert not is_luhn_valid(WRONG_LUHN_CARD)
    assert found(f"开户账号{VALID_CARD}") == [("bank_card", VALID_CARD)]
    assert found("卡号 4111 1111 1111 1111 ") == [("bank_card", "4111 1111 1111 1111")]
    assert found(f"开户账号{WRONG_LUHN_CARD}") == []
    assert found("卡号 622202123456789") == []  # 15 digits is not a card


def test_numbers_that_only_look_like_identifiers_are_not_reported():
    traps = [
        "成文日期20260315，发布日期2026-03-20",
        "关于印发工作要点的通知（平卫〔2021〕3号）",
        "项目资金1234567.89元，其中12,345,678元已拨付",
        "合计13812345678.50元",                      # an amount, not a phone number
        "统一社会信用代码12410400MB1234567X",
        "索引号 11410400MB0000000X/2026-00012",
        "时间戳20260315123045001",
        "涉及国家秘密、商业秘密和个人隐私的信息依法不予公开。",
    ]
    for trap in traps:
        assert found(trap) == [], trap


def test_numbers_glued_to_letters_or_longer_digit_runs_are_not_identifiers():
    assert found(f"A{VALID_ID}") == []
    assert found(f"9{VALID_ID}") == []
    assert found("订单号138123456789") == []


def test_full_width_digits_are_read_like_ascii_digits():
    report = scan_text("电话１３８１２３４５６７８", terms=[])
    [finding] = report.findings
    assert finding.kind == "mobile" and finding.text == "１３８１２３４５６７８"
    assert finding.suggestion == "１３８****５６７８"


def test_personal_email_blocks_and_the_bodys_own_published_mailbox_only_warns():
    report = scan_text("来信请寄zhangsan@163.com；本机关邮箱xxgk@example.gov.cn", terms=[])
    assert [(f.kind, f.severity, f.text, f.suggestion) for f in report.findings] == [
        ("email", "block", "zhangsan@163.com", "z***@163.com"),
        ("email", "warn", "xxgk@example.gov.cn", None),
    ]


def test_passport_numbers_in_the_electronic_form_or_where_labelled():
    assert found("护照E12345678") == [("passport", "E12345678")]
    assert found("持EA1234567号护照") == [("passport", "EA1234567")]
    assert found("护照号码：G12345678") == [("passport", "G12345678")]
    assert found("型号G12345678") == []


# --- addresses ----------------------------------------------------------------------------


def test_home_address_down_to_the_room_is_blocking_and_masked():
    report = scan_text("家住新华区建设路中段55号院3号楼2单元501室。", terms=[])
    [finding] = report.findings
    assert finding.kind == "address" and finding.severity == "block"
    assert finding.text == "建设路中段55号院3号楼2单元501室"
    assert finding.suggestion == "建设路中段**号院*号楼*单元***室"


def test_village_and_residential_compound_addresses_are_homes():
    assert scan_text("住址：东方村3组15号", terms=[]).findings[0].severity == "block"
    assert scan_text("幸福家园12栋302", terms=[]).findings[0].severity == "block"


def test_street_and_house_number_alone_is_a_warning_it_may_be_an_office():
    [finding] = scan_text("办公地址：建设路55号。", terms=[]).findings
    assert (finding.kind, finding.severity, finding.text) == ("address", "warn", "建设路55号")


def test_a_village_group_without_a_house_number_is_not_an_address():
    assert found("户籍：东方村3组；建设路社区12组") == []


def test_document_numbers_are_not_addresses():
    assert found("依据平卫〔2021〕3号文件和国办发〔2019〕15号") == []


# --- a name next to a diagnosis -----------------------------------------------------------


def test_patient_name_with_diagnosis_is_blocking_and_the_name_is_masked():
    report = scan_text("患者王小明，男，45岁，确诊为肺结核。", terms=[])
    [finding] = report.findings
    assert finding.kind == "name_diagnosis" and finding.severity == "block"
    assert finding.text.startswith("王小明") and "确诊" in finding.text
    assert finding.suggestion.startswith("王*明，男，45岁，确诊")


def test_name_with_diagnosis_in_other_word_orders():
    assert kinds("李四患有糖尿病，享受慢病补助。") == {"name_diagnosis"}
    assert kinds("确诊病例：赵六，女，60岁。") == {"name_diagnosis"}


def test_names_without_diagnosis_and_anonymised_patients_are_not_reported():
    assert found("张三，男，45岁，获得优秀志愿者称号。") == []
    assert found("患者张某某，男，确诊为肺结核。") == []
    assert found("患者张*三，男，确诊为肺结核。") == []
    assert found("加强患者安全管理，防止院内感染。") == []


# --- classification marks and process information ------------------------------------------


@pytest.mark.parametrize("marked", [
    "秘密★1年", "机密★5年", "绝密★长期", "机密 ★", "密级：机密", "保密期限：10年",
    "内部资料 注意保密", "内部文件", "不得外传",
])
def test_classification_markings_block_article_14(marked):
    report = scan_text(f"{marked}\n关于加强管理的通知", terms=[])
    assert [f.kind for f in report.findings][:1] == ["classification"]
    assert report.has_blocking


def test_a_classification_word_alone_on_a_line_is_a_marking_but_in_a_sentence_it_is_not():
    assert found("秘密\n关于某事的通知") == [("classification", "秘密")]
    assert found("依法保守国家秘密，保护商业秘密。") == []


@pytest.mark.parametrize("draft", ["征求意见稿", "送审稿", "讨论稿", "请示"])
def test_process_information_is_a_warning_article_16(draft):
    report = scan_text(f"关于调整收费标准的{draft}", terms=[])
    [finding] = report.findings
    assert (finding.kind, finding.severity) == ("process_info", "warn")
    assert not report.has_blocking


# --- the office's own list ----------------------------------------------------------------


def test_sensitive_terms_carry_their_own_severity_and_note():
    terms = [Term("某某事件", "block", "尚未定性"), Term("内部排名", "warn", "")]
    report = scan_text("关于某某事件与内部排名的说明", terms=terms)
    assert [(f.kind, f.severity, f.text, f.note) for f in report.findings] == [
        ("sensitive_term", "block", "某某事件", "尚未定性"),
        ("sensitive_term", "warn", "内部排名", ""),
    ]


@pytest.mark.django_db
def test_scan_text_uses_the_disclosure_offices_term_list_by_default():
    from confidentiality.models import SensitiveTerm

    SensitiveTerm.objects.create(term="试点名单", severity="block", note="未经批准")
    report = scan_text("第二批试点名单")
    assert [(f.kind, f.severity) for f in report.findings] == [("sensitive_term", "block")]


# --- the report -----------------------------------------------------------------------------


def test_report_round_trips_through_json_with_stable_keys():
    report = scan_text(f"第一行\n身份证{VALID_ID}", location="正文", terms=[])
    data = report.as_dict()
    assert data["has_blocking"] is True
    [item] = data["findings"]
    assert item["location"] == "正文 第2行"
    again = ScanReport.from_dict(data)
    assert again.findings == report.findings
    assert again.get(item["key"]) == report.findings[0]


def test_warnings_alone_do_not_block():
    report = scan_text("征求意见稿", terms=[])
    assert report.findings and not report.has_blocking and report.blocking == []
