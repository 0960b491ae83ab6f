"""Masks for personal data (条例 第十五条, personal privacy): 张*三, 410***********1234,
138****5678. Each `mask_*` function returns the masked form of the one value it is given;
`mask_identifiers` masks every identifier found in a longer text."""

from __future__ import annotations

import re

from .identifiers import BANK_CARD, ID_NUMBER, MOBILE, Identifier, find_identifiers

MASK = "*"
_DIGIT = re.compile(r"\d")


def mask_identifiers(text: str) -> str:
    """`text` with every ID number, mobile number and bank card in it masked
    (我的身份证410105199003071234 → 我的身份证410***********1234)."""
    masked = text
    for identifier in sorted(find_identifiers(text), key=lambda found: -found.start):
        masked = (masked[:identifier.start] + mask_identifier(text, identifier)
                  + masked[identifier.end:])
    return masked


def mask_identifier(text: str, identifier: Identifier) -> str:
    """The masked form of `identifier` as it is written in `text`."""
    value = text[identifier.start:identifier.end]
    return _MASK_OF_KIND[identifier.kind](value)


def mask_name(name: str) -> str:
    """张三 → 张*, 张小三 → 张*三, 欧阳小明 → 欧阳*明: keep the surname and the last character."""
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + MASK
    head = 2 if len(name) >= 4 else 1
    return name[:head] + MASK * (len(name) - head - 1) + name[-1]


def mask_id_number(number: str) -> str:
    """410105199003071234 → 410***********1234: the first 3 and the last 4 characters stay.
    A value of 7 characters or fewer (a mistyped or cut-off number) is hidden whole."""
    if len(number) <= 7:
        return MASK * len(number)
    return number[:3] + MASK * (len(number) - 7) + number[-4:]


def mask_mobile(number: str) -> str:
    """13812345678 → 138****5678, keeping any country code and separators in place."""
    digits = [index for index, char in enumerate(number) if char.isdigit()]
    national = digits[-11:]
    hidden = set(national[3:7])
    return "".join(MASK if index in hidden else char for index, char in enumerate(number))


def mask_bank_card(number: str) -> str:
    """6222021234567890123 → 6222***********0123: the first 4 and the last 4 digits stay."""
    digits = [index for index, char in enumerate(number) if char.isdigit()]
    hidden = set(digits[4:-4])
    return "".join(MASK if index in hidden else char for index, char in enumerate(number))


def mask_email(address: str) -> str:
    """zhangsan@example.com → z***@example.com."""
    local, _, domain = address.partition("@")
    return local[:1] + MASK * 3 + "@" + domain


def mask_passport(number: str) -> str:
    """E12345678 → E*****678: the first character and the last 3 stay; a value of 4
    characters or fewer is hidden whole."""
    if len(number) <= 4:
        return MASK * len(number)
    return number[:1] + MASK * (len(number) - 4) + number[-3:]


def mask_digits(text: str) -> str:
    """建设路55号3单元501室 → 建设路**号*单元***室: every digit hidden, the words kept."""
    return _DIGIT.sub(MASK, text)


_MASK_OF_KIND = {ID_NUMBER: mask_id_number, MOBILE: mask_mobile, BANK_CARD: mask_bank_card}
