"""Resident ID numbers (GB 11643-1999): the check character, and the keyed hash that stands for
a number wherever it must be looked up or logged without being stored again."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from personaldata.identifiers import id18_check_character, is_valid_id18

# The check character and validity of an ID number are the personal-data module's (one rule for
# the whole site: province code, a real birth date, ISO 7064 MOD 11-2).
check_character = id18_check_character


def normalise(number: str) -> str:
    """Strip spaces and write a lower-case x as X (payment systems export both)."""
    return (number or "").strip().replace(" ", "").upper()


def is_valid(number: str) -> bool:
    """A valid 18-character ID number, already normalised (an x must have become X)."""
    return number == normalise(number) and is_valid_id18(number)


def digest(number: str) -> str:
    """HMAC-SHA256 of an ID number under FUNDS_ID_HASH_KEY (hex).

    ID numbers are too few to hide behind a plain hash (a region code, a birth date and a
    serial can be enumerated), so the key is a secret of its own, never SECRET_KEY."""
    key = getattr(settings, "FUNDS_ID_HASH_KEY", "")
    if not key:
        raise ImproperlyConfigured("FUNDS_ID_HASH_KEY 未设置：身份证号的带密钥摘要需要单独的密钥。")
    return hmac.new(key.encode(), normalise(number).encode(), hashlib.sha256).hexdigest()
