"""Checks on the identity documents the application form takes: resident ID numbers, unified
social credit codes and other ID documents (passports, travel permits).

Which resident ID numbers are valid is `personaldata`'s one rule (`id18_problem`, the scanner's
too); this module only says, in Chinese, what to fix. Phones and free text are checked by
`publicforms.validators`. Each check raises ValidationError with a Chinese message.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from personaldata import ID18_BIRTH, ID18_CHECK, ID18_FORMAT, ID18_REGION, id18_problem

# GB 32100-2015 统一社会信用代码: 18 characters from 31 (no I, O, S, V, Z); the 18th is a
# check character, 31 - (weighted sum mod 31), the weights being 3^i mod 31.
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

OTHER_ID_RE = re.compile(r"^[A-Za-z0-9（）()\-]{5,30}$")
# What to tell the applicant for each thing `personaldata.id18_problem` finds wrong.
ID_NUMBER_MESSAGES = {
    ID18_FORMAT: _("居民身份证号码应为 18 位，前 17 位是数字，最后一位是数字或 X。"),
    ID18_REGION: _("居民身份证号码的前两位不是有效的省级行政区划代码，请核对。"),
    ID18_BIRTH: _("居民身份证号码中的出生日期无效，请核对。"),
    ID18_CHECK: _("居民身份证号码校验位不正确，请核对后重新输入。"),
}


def credit_code_check_character(first17: str) -> str:
    """The 18th character of a unified social credit code (GB 32100-2015)."""
    total = sum(CREDIT_CODE_ALPHABET.index(char) * weight
                for char, weight in zip(first17, CREDIT_CODE_WEIGHTS, strict=True))
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def validate_resident_id_number(value: str) -> None:
    """A mainland resident ID number by the project's one rule (`personaldata.id18_problem`:
    province code, a real birth date, the GB 11643 check character); the message says which."""
    problem = id18_problem(value)
    if problem is not None:
        raise ValidationError(ID_NUMBER_MESSAGES[problem], code=f"id_{problem}")


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
