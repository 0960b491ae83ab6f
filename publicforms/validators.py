"""Checks on what the public types; each raises ValidationError with a Chinese message."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE_RE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")
MARKUP_RE = re.compile(r"<\s*[a-zA-Z!/?]|javascript\s*:|&#|\bon[a-z]+\s*=", re.IGNORECASE)
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def validate_plain_text(value: str) -> None:
    """Free text holds words only: no HTML, script or control characters."""
    if MARKUP_RE.search(value):
        raise ValidationError(_("请勿输入 HTML 代码或脚本，只填写文字内容。"), code="markup")
    if CONTROL_RE.search(value):
        raise ValidationError(_("内容包含无法识别的控制字符，请删除后重新输入。"), code="control")


def validate_phone(value: str) -> None:
    """A mainland mobile number (11 digits) or a landline with its area code."""
    compact = value.replace(" ", "")
    if not (MOBILE_RE.fullmatch(compact) or LANDLINE_RE.fullmatch(compact)):
        raise ValidationError(
            _("请填写 11 位手机号码，或带区号的固定电话（例如 0375-1234567）。"), code="phone")
