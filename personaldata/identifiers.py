"""Finding personal identifiers in text: resident ID numbers, mobile numbers, bank cards.

Precision matters as much as recall: a number is an identifier only when it passes the check
real ones pass (the ID number's province code, birth date and check character, GB 11643; the
mobile prefix; Luhn for a card), never because it merely has the right length, and only when it
stands alone (no letter or digit touches it, and it is not part of an amount such as 1,234.50).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

ID_NUMBER = "id_number"
MOBILE = "mobile"
BANK_CARD = "bank_card"


@dataclass(frozen=True)
class Identifier:
    """One identifier found in a text: its kind and offsets (`text[start:end]` is the number).

    `checked` is False only for an ID number whose check character is wrong (see the package's
    docstring): mask it, but do not take it for proof.
    """

    kind: str
    start: int
    end: int
    checked: bool = True


def find_identifiers(text: str) -> list[Identifier]:
    """Every identifier in `text`, ID numbers first; full-width digits count as digits.

    A bank card or mobile number is reported only where no ID number (checked or not) is, so
    an ID number is never also reported as a card.
    """
    scan = to_ascii_width(text)
    found: list[Identifier] = []
    for match in _ID18.finditer(scan):
        number = match.group(1)
        if is_valid_id18(number):
            found.append(Identifier(ID_NUMBER, *match.span(1)))
        elif _looks_like_id18(number):
            found.append(Identifier(ID_NUMBER, *match.span(1), checked=False))
    for match in _ID15.finditer(scan):
        if is_valid_id15(match.group(1)):
            found.append(Identifier(ID_NUMBER, *match.span(1)))
    for match in _BANK_CARD.finditer(scan):
        value = match.group(1)
        digits = sum(char.isdigit() for char in value)
        if 16 <= digits <= 19 and is_luhn_valid(value) and not _overlaps(match.span(1), found):
            found.append(Identifier(BANK_CARD, *match.span(1)))
    for match in _MOBILE.finditer(scan):
        if is_valid_mobile(match.group(1)) and not _overlaps(match.span(1), found):
            found.append(Identifier(MOBILE, *match.span(1)))
    return found


# Full-width ASCII (１３８, ＠, ：) becomes ASCII, one character for one, so offsets stay valid.
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULL_WIDTH[0x3000] = 0x20
_HAS_FULL_WIDTH = re.compile("[\uff01-\uff5e\u3000]")


def to_ascii_width(text: str) -> str:
    """`text` with full-width ASCII characters and the ideographic space made ASCII."""
    if _HAS_FULL_WIDTH.search(text):
        return text.translate(_FULL_WIDTH)
    return text


# A number stands alone: no letter or digit touches it, and it is not part of a decimal or a
# thousands-grouped amount (1,234 / 12.50).
_BEFORE = r"(?<![0-9A-Za-z])(?<!\d[.,])"
_AFTER = r"(?![0-9A-Za-z])(?![.,]\d)"

_ID18 = re.compile(_BEFORE + r"(\d{17}[0-9Xx])" + _AFTER)
_ID15 = re.compile(_BEFORE + r"(\d{15})" + _AFTER)
_MOBILE = re.compile(_BEFORE + r"((?:(?:\+|00)86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4})" + _AFTER)
_BANK_CARD = re.compile(_BEFORE + r"([3-6]\d{3}(?:[- ]?\d{4}){3}(?:[- ]?\d{1,3})?)" + _AFTER)

# GB/T 2260 province-level codes: the first two digits of every mainland ID number.
PROVINCE_CODES = frozenset({
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
    50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83, 91,
})
# GB 11643-1999: ISO 7064 MOD 11-2 weights and check characters.
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARACTERS = "10X98765432"
# Mainland mobile number prefixes in use (MIIT numbering plan).
MOBILE_PREFIXES = frozenset(
    [f"13{d}" for d in range(10)]
    + ["145", "146", "147", "148", "149"]
    + [f"15{d}" for d in (0, 1, 2, 3, 5, 6, 7, 8, 9)]
    + ["162", "165", "166", "167"]
    + [f"17{d}" for d in range(9)]
    + [f"18{d}" for d in range(10)]
    + [f"19{d}" for d in (0, 1, 2, 3, 5, 6, 7, 8, 9)]
)


def is_valid_id18(number: str) -> bool:
    """An 18-character mainland ID number: province code, a real birth date, check character."""
    return id18_problem(number) is None


# What is wrong with a number taken for an 18-character ID number (`id18_problem`).
ID18_FORMAT = "format"
ID18_REGION = "region"
ID18_BIRTH = "birth"
ID18_CHECK = "check"


def id18_problem(number: str) -> str | None:
    """None for a valid 18-character ID number, else the first thing wrong with it, so that a
    form can say what to fix: ID18_FORMAT (not 17 digits and a digit or X), ID18_REGION (no
    such province code), ID18_BIRTH (no such birth date, or one in the future) or ID18_CHECK
    (the check character does not match). A lower-case x counts as X."""
    if (len(number) != 18 or not number.isascii() or not number[:17].isdigit()
            or number[17] not in "0123456789Xx"):
        return ID18_FORMAT
    if int(number[:2]) not in PROVINCE_CODES:
        return ID18_REGION
    if not _is_birth_date(number[6:14]):
        return ID18_BIRTH
    if id18_check_character(number[:17]) != number[17].upper():
        return ID18_CHECK
    return None


def id18_check_character(first17: str) -> str:
    """The 18th character of an ID number whose first 17 digits are given (ISO 7064 MOD 11-2)."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARACTERS[total % 11]


def is_valid_id15(number: str) -> bool:
    """An old 15-digit ID number (before 1999): province code and a real 19YYMMDD birth date."""
    return (len(number) == 15 and number.isdigit() and int(number[:2]) in PROVINCE_CODES
            and _is_birth_date("19" + number[6:12]))


def is_valid_mobile(number: str) -> bool:
    digits = re.sub(r"\D", "", number)[-11:]
    return len(digits) == 11 and digits[:3] in MOBILE_PREFIXES


def is_luhn_valid(number: str) -> bool:
    digits = [int(char) for char in number if char.isdigit()]
    total = 0
    for position, digit in enumerate(reversed(digits)):
        if position % 2:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def _looks_like_id18(number: str) -> bool:
    return int(number[:2]) in PROVINCE_CODES and _is_birth_date(number[6:14])


def _is_birth_date(yyyymmdd: str) -> bool:
    try:
        born = date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        return False
    return date(1890, 1, 1) <= born <= date.today()


def _overlaps(span: tuple[int, int], found: list[Identifier]) -> bool:
    return any(span[0] < other.end and other.start < span[1] for other in found)
