"""Checks on what applicants type: identity numbers with their check characters, phones, free text.

Each check raises ValidationError with a Chinese message that says what to fix.
"""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# GB 11643-1999 公民身份号码: 17 digits, then a check character by ISO 7064 MOD 11-2.
ID_NUMBER_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_NUMBER_CHECK_CHARACTERS = "10X98765432"

# GB 32100-2015 统一社会信用代码: 18 characters from 31 (no I, O, S, V, Z); the 18th is a
# check character, 31 - (weighted sum mod 31), the weights being 3^i mod 31.
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE_RE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")
OTHER_ID_RE = re.compile(r"^[A-Za-z0-9（）()\-]{5,30}$")
MARKUP_RE = re.compile(r"<\s*[a-zA-Z!/?]|javascript\s*:|&#|\bon[a-z]+\s*=", re.IGNORECASE)
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def id_number_check_character(first17: str) -> str:
    """The 18th character of a resident ID number (ISO 7064 MOD 11-2)."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, ID_NUMBER_WEIGHTS, strict=True))
    return ID_NUMBER_CHECK_CHARACTERS[total % 11]


def credit_code_check_character(first17: str) -> str:
    """The 18th character of a unified social credit code (GB 32100-2015)."""
    total = sum(CREDIT_CODE_ALPHABET.index(char) * weight
                for char, weight in zip(first17, CREDIT_CODE_WEIGHTS, strict=True))
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def validate_resident_id_number(value: str) -> None:
    """A mainland resident ID number: 18 characters, a real birth date, the right check character."""
    value = value.upper()
    if not re.fullmatch(r"\d{17}[\dX]", value):
        raise ValidationError(_("居民身份证号码应为 18 位，前 17 位是数字，最后一位是数字或 X。"),
                              code="id_format")
    try:
        born = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise ValidationError(_("居民身份证号码中的出生日期无效，请核对。"), code="id_birth") from None
    if born.year < 1900 or born > date.today():
        raise ValidationError(_("居民身份证号码中的出生日期无效，请核对。"), code="id_birth")
    if id_number_check_character(value[:17]) != value[17]:
        raise ValidationError(_("居民身份证号码校验位不正确，请核对后重新输入。"), code="id_check")


def validate_other_id_number(value: str) -> None:
    """Passports and travel permits: 5–30 letters, digits or hyphens."""
    if not OTHER_ID_RE.fullmatch(value):
        raise ValidationError(_("证件号码应为 5 至 30 位字母、数字或连字符。"), code="id_format")


def validate_credit_code(value: str) -> None:
    """A unified social credit code: 18 characters of GB 32100 with the right check character."""
    value = value.upper()
    if len(value) != 18 or any(char not in CREDIT_CODE_ALPHABET for char in value):
        raise ValidationError(
            _("统一社会信用代码应为 18 位数字或大写字母（不含 I、O、S、V、Z）。"), code="credit_format")
    if credit_code_check_character(value[:17]) != value[17]:
        raise ValidationError(_("统一社会信用代码校验位不正确，请核对后重新输入。"),
                              code="credit_check")


def validate_phone(value: str) -> None:
    """A mainland mobile number (11 digits) or a landline with its area code."""
    compact = value.replace(" ", "")
    if not (MOBILE_RE.fullmatch(compact) or LANDLINE_RE.fullmatch(compact)):
        raise ValidationError(
            _("请填写 11 位手机号码，或带区号的固定电话（例如 0375-1234567）。"), code="phone")


def validate_plain_text(value: str) -> None:
    """Free text holds words only: no HTML, script or control characters."""
    if MARKUP_RE.search(value):
        raise ValidationError(_("请勿输入 HTML 代码或脚本，只填写文字内容。"), code="markup")
    if CONTROL_RE.search(value):
        raise ValidationError(_("内容包含无法识别的控制字符，请删除后重新输入。"), code="control")
