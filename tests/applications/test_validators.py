"""The form's identity checks: resident ID numbers by `personaldata`'s one rule (GB 11643),
credit codes by GB 32100; phones and free text by `publicforms`."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from applications.validators import (
    CREDIT_CODE_ALPHABET,
    credit_code_check_character,
    validate_credit_code,
    validate_resident_id_number,
)
from personaldata import id18_check_character
from personaldata.identifiers import PROVINCE_CODES
from publicforms.validators import validate_phone, validate_plain_text


def test_published_samples_pass():
    validate_resident_id_number("11010519491231002X")  # the sample of GB 11643-1999
    validate_resident_id_number("11010519491231002x")  # lower-case x is accepted
    validate_credit_code("91350100M000100Y43")  # the sample of GB 32100-2015


@given(st.sampled_from(sorted(PROVINCE_CODES)), st.integers(min_value=0, max_value=9999),
       st.dates(), st.integers(min_value=0, max_value=999))
def test_id_number_with_computed_check_character_passes_and_any_other_fails(province, place,
                                                                            born, serial):
    from datetime import date

    if not date(1890, 1, 1) <= born <= date.today():
        return
    first17 = f"{province:02d}{place:04d}{born:%Y%m%d}{serial:03d}"
    validate_resident_id_number(first17 + id18_check_character(first17))
    for wrong in "0123456789X":
        if wrong != id18_check_character(first17):
            with pytest.raises(ValidationError, match="校验位"):
                validate_resident_id_number(first17 + wrong)
            break


@pytest.mark.parametrize(("value", "message"), [
    ("4101051990030712", "18 位"),
    ("41010519900307123Y", "18 位"),
    ("４１０１０５１９９００３０７１２３X", "18 位"),  # full-width digits are not an ID number
    ("99000019900307123" + id18_check_character("99000019900307123"), "省级行政区划代码"),
    ("41010519900230123" + id18_check_character("41010519900230123"), "出生日期"),
    ("41010521990101123" + id18_check_character("41010521990101123"), "出生日期"),
])
def test_id_number_refusal_says_what_to_fix(value, message):
    with pytest.raises(ValidationError, match=message):
        validate_resident_id_number(value)


@given(st.text(alphabet=CREDIT_CODE_ALPHABET, min_size=17, max_size=17))
def test_credit_code_with_computed_check_character_passes_and_any_other_fails(first17):
    check = credit_code_check_character(first17)
    validate_credit_code(first17 + check)
    wrong = CREDIT_CODE_ALPHABET[(CREDIT_CODE_ALPHABET.index(check) + 1) % 31]
    with pytest.raises(ValidationError, match="校验位"):
        validate_credit_code(first17 + wrong)


@pytest.mark.parametrize("value", ["91350100M000100Y4", "91350100M000100I43", "９１３５"])
def test_credit_code_of_wrong_shape_is_refused(value):
    with pytest.raises(ValidationError, match="18 位"):
        validate_credit_code(value)


@pytest.mark.parametrize("value", ["13800000000", "0375-1234567", "03751234567",
                                   "010-12345678-123"])
def test_phone_numbers_accepted(value):
    validate_phone(value)


@pytest.mark.parametrize("value", ["12345", "1380000000", "23800000000", "phone"])
def test_phone_numbers_refused(value):
    with pytest.raises(ValidationError):
        validate_phone(value)


@pytest.mark.parametrize("value", ["<b>x</b>", "javascript:alert(1)", "a onclick=x", "&#60;",
                                   "文字\x00"])
def test_markup_and_control_characters_refused(value):
    with pytest.raises(ValidationError):
        validate_plain_text(value)


def test_ordinary_chinese_text_with_brackets_and_numbers_passes():
    validate_plain_text("关于印发《示例办法》的通知（平卫〔2021〕3号）第1条，数量 < 5 或 > 3")
