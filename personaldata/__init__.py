"""Personal identifiers in Chinese text, and the one way they are masked (条例 第十五条).

A plain package (not a Django app): it imports nothing of the project, so every room may use it.

    from personaldata import find_identifiers, mask_identifiers
    from personaldata import mask_id_number, mask_mobile, mask_bank_card, mask_name

- `find_identifiers(text)`: the resident ID numbers (GB 11643), mobile numbers and bank cards
  (Luhn) standing alone in `text`, as `Identifier`s with their offsets. A number is an
  identifier only when it passes the check real ones pass; an 18-character number with a
  province code and a real birth date but a wrong check character comes back with
  `checked=False` (a mistyped ID number: still somebody's, so masked, but not proof enough to
  block a publication).
- `mask_identifiers(text)`: `text` with every identifier `find_identifiers` finds masked, e.g.
  for a log that must not keep them.
- `is_valid_id18(number)`, `id18_problem(number)` (what to fix: format, region, birth date or
  check character), `id18_check_character(first17)`: the one ID-number check, for the scanner
  and for every form that takes an ID number.
- The masks of one value: ID number 410***********1234, mobile 138****5678, bank card
  6222***********0123, name 张*明, e-mail z***@example.com, passport E*****678, house numbers
  建设路**号.
"""

from .identifiers import (
    BANK_CARD,
    ID18_BIRTH,
    ID18_CHECK,
    ID18_FORMAT,
    ID18_REGION,
    ID_NUMBER,
    MOBILE,
    Identifier,
    find_identifiers,
    id18_check_character,
    id18_problem,
    is_luhn_valid,
    is_valid_id15,
    is_valid_id18,
    is_valid_mobile,
    to_ascii_width,
)
from .masking import (
    MASK,
    mask_bank_card,
    mask_digits,
    mask_email,
    mask_id_number,
    mask_identifier,
    mask_identifiers,
    mask_mobile,
    mask_name,
    mask_passport,
)

__all__ = [
    "BANK_CARD",
    "ID18_BIRTH",
    "ID18_CHECK",
    "ID18_FORMAT",
    "ID18_REGION",
    "ID_NUMBER",
    "MASK",
    "MOBILE",
    "Identifier",
    "find_identifiers",
    "id18_check_character",
    "id18_problem",
    "is_luhn_valid",
    "is_valid_id15",
    "is_valid_id18",
    "is_valid_mobile",
    "mask_bank_card",
    "mask_digits",
    "mask_email",
    "mask_id_number",
    "mask_identifier",
    "mask_identifiers",
    "mask_mobile",
    "mask_name",
    "mask_passport",
    "to_ascii_width",
]
