"""Resident ID numbers (GB 11643-1999): the check character, and the keyed hash that stands for
a number wherever it must be looked up or logged without being stored again."""

from __future__ import annotations

import hashlib
import hmac
import re
from datetime import date

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_SHAPE = re.compile(r"^\d{17}[\dX]$")


def check_character(first17: str) -> str:
    """The 18th character of an ID number whose first 17 digits are given."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, _WEIGHTS, strict=True))
    return _CHECK[total % 11]


def normalise(number: str) -> str:
    """Strip spaces and write a lower-case x as X (payment systems export both)."""
    return (number or "").strip().replace(" ", "").upper()


def is_valid(number: str) -> bool:
    """18 characters, a real birth date and the right check character."""
    if not _SHAPE.match(number):
        return False
    try:
        date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    return check_character(number[:17]) == number[17]


def digest(number: str) -> str:
    """HMAC-SHA256 of an ID number under FUNDS_ID_HASH_KEY (hex).

    ID numbers are too few to hide behind a plain hash (a region code, a birth date and a
    serial can be enumerated), so the key is a secret of its own, never SECRET_KEY."""
    key = getattr(settings, "FUNDS_ID_HASH_KEY", "")
    if not key:
        raise ImproperlyConfigured("FUNDS_ID_HASH_KEY 未设置：身份证号的带密钥摘要需要单独的密钥。")
    return hmac.new(key.encode(), normalise(number).encode(), hashlib.sha256).hexdigest()
