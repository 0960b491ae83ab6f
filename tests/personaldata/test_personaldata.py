"""personaldata: which numbers are personal identifiers, and the one way they are masked
(条例 第十五条). The numbers are made for the test to pass or fail their checks on purpose."""

from personaldata import (
    BANK_CARD,
    ID18_BIRTH,
    ID18_CHECK,
    ID18_FORMAT,
    ID18_REGION,
    ID_NUMBER,
    MOBILE,
    find_identifiers,
    id18_check_character,
    id18_problem,
    is_valid_id18,
    mask_bank_card,
    mask_id_number,
    mask_identifiers,
    mask_mobile,
    mask_name,
    mask_passport,
)

VALID_ID = "41010519900307123X"        # check character X is right
WRONG_CHECK_ID = "410105199003071234"  # same number, wrong check character
OLD_ID = "410105900307123"             # 15 digits: Henan, born 1990-03-07
VALID_CARD = "6222021234567890128"     # 19 digits, Luhn-valid


def test_masks_of_one_value_keep_head_and_tail_article_15():
    assert mask_id_number("410105199003071234") == "410***********1234"
    assert mask_id_number(OLD_ID) == "410********7123"
    assert mask_mobile("13812345678") == "138****5678"
    assert mask_mobile("+86 138-1234-5678") == "+86 138-****-5678"
    assert mask_bank_card(VALID_CARD) == "6222***********0128"


def test_a_value_too_short_to_keep_head_and_tail_is_hidden_whole_article_15():
    assert mask_id_number("4101051") == "*******"
    assert mask_id_number("12345") == "*****"
    assert mask_passport("E123") == "****"


def test_name_keeps_the_surname_and_the_last_character_article_15():
    assert mask_name("张三") == "张*"
    assert mask_name("张小明") == "张*明"
    assert mask_name("欧阳小明") == "欧阳*明"


def test_find_identifiers_reports_kinds_and_offsets_ids_before_cards():
    text = f"身份证{VALID_ID}，卡号{VALID_CARD}，电话13812345678。"
    found = [(item.kind, text[item.start:item.end], item.checked) for item in find_identifiers(text)]
    assert found == [(ID_NUMBER, VALID_ID, True), (BANK_CARD, VALID_CARD, True),
                     (MOBILE, "13812345678", True)]


def test_an_id_number_with_a_wrong_check_character_is_found_unchecked_never_as_a_card():
    [item] = find_identifiers(f"号码{WRONG_CHECK_ID}")
    assert (item.kind, item.checked) == (ID_NUMBER, False)


def test_mask_identifiers_masks_every_identifier_in_a_text_and_nothing_else_article_15():
    text = f"我的身份证{VALID_ID}，旧证{OLD_ID}，手机１３８１２３４５６７８，文号平卫〔2021〕3号"
    assert mask_identifiers(text) == (
        "我的身份证410***********123X，旧证410********7123，手机１３８****５６７８，文号平卫〔2021〕3号")


def test_mask_identifiers_masks_a_mistyped_id_number_too():
    assert mask_identifiers(WRONG_CHECK_ID) == "410***********1234"


def test_numbers_that_are_not_identifiers_stay_as_they_are():
    for text in ("成文日期20260315", "项目资金1234567.89元", "索引号 11410400MB0000000X/2026-00012",
                 "订单号138123456789", "流水号990105900307123"):
        assert mask_identifiers(text) == text, text


def test_the_one_id_number_rule_says_what_is_wrong_with_a_number():
    """The scanner and every form that takes an ID number use this one check (GB 11643)."""
    assert id18_check_character(VALID_ID[:17]) == "X"
    assert is_valid_id18(VALID_ID) and is_valid_id18(VALID_ID.lower())
    assert id18_problem(VALID_ID) is None
    assert id18_problem(WRONG_CHECK_ID) == ID18_CHECK
    assert id18_problem(VALID_ID[:17]) == ID18_FORMAT
    assert id18_problem("４１０１０５１９９００３０７１２３X") == ID18_FORMAT  # full-width
    first17 = "99" + VALID_ID[2:17]
    assert id18_problem(first17 + id18_check_character(first17)) == ID18_REGION
    first17 = "41010519900230123"  # 30 February
    assert id18_problem(first17 + id18_check_character(first17)) == ID18_BIRTH
    assert not is_valid_id18(first17 + id18_check_character(first17))
