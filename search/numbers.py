"""Document numbers (发文字号) and index numbers (索引号) in one comparable form.

People type a document number the way their keyboard allows: '平卫〔2021〕3号' (GB/T 9704's
hexagonal brackets), '平卫[2021]3号', '平卫（2021）3号', '平卫2021 3号'. All of them reduce to
the same key, '平卫2021-3', which is stored with each indexed page; a query that contains such
a number finds that page first.
"""

import re

from search.segmentation import normalise

# An issuer's abbreviation (Chinese characters, possibly with letters), a four-digit year in any
# bracket or none, then the serial number, with '号' optional.
_OPEN = r"[\[(〔【［{<《〈]"
_CLOSE = r"[\])〕】］}>》〉]"
DOCUMENT_NUMBER = re.compile(
    rf"(?P<issuer>[\u3400-\u9fff][\u3400-\u9fffa-z]{{0,15}})\s*{_OPEN}?\s*"
    rf"(?P<year>(?:19|20)\d\d)\s*{_CLOSE}?\s*年?\s*(?:第\s*)?(?P<serial>\d{{1,5}})\s*号?"
)
# A number typed without its issuer: '〔2024〕12号', '[2024]12', '2024 12号', '2024年第12号'.
# Without an issuer the year must be bracketed, or the serial marked by 第 or 号, so that a
# year followed by some other figure ('2024 100万元') is not taken for a number.
BARE_NUMBER = re.compile(
    rf"(?<![\u3400-\u9fffa-z0-9])(?:{_OPEN}\s*(?P<year1>(?:19|20)\d\d)\s*{_CLOSE}\s*(?:第\s*)?"
    rf"(?P<serial1>\d{{1,5}})(?!\d)\s*号?"
    rf"|(?P<year2>(?:19|20)\d\d)\s*年?\s*(?:第\s*(?P<serial2>\d{{1,5}})\s*号?"
    rf"|(?P<serial3>\d{{1,5}})\s*号))"
)
# Index numbers: '<organisation code>/<year>-<serial>' and the like.
INDEX_NUMBER = re.compile(r"[0-9a-z]{6,30}\s*[/-]\s*\d{4}\s*-\s*\d{1,8}")


def document_number_key(text: str) -> str:
    """The comparable key of a document number, or "" when the text holds none."""
    match = DOCUMENT_NUMBER.search(normalise(text or ""))
    return _key(match) if match else ""


def index_number_key(text: str) -> str:
    """The comparable key of an index number: lower-case, no spaces, or "" when none."""
    match = INDEX_NUMBER.search(normalise(text or ""))
    return re.sub(r"\s+", "", match.group(0)) if match else ""


def keys_in_query(text: str) -> tuple[list[str], list[str]]:
    """Every key a query may mean by the document numbers and index numbers it contains.

    A query's words run into the issuer's abbreviation ('关于平卫〔2021〕3号的解读'), so each
    tail of at least two characters of the issuer is a candidate ('关于平卫', '于平卫', '平卫').
    A serial's leading zeros are dropped ('〔2024〕012号' is 12), as GB/T 9704 writes it.
    """
    text = normalise(text or "")
    documents = []
    for match in DOCUMENT_NUMBER.finditer(text):
        issuer = match.group("issuer")
        number = f"{match.group('year')}-{int(match.group('serial'))}"
        for start in range(max(len(issuer) - 1, 1)):
            documents.append(f"{issuer[start:]}{number}")
    indexes = [re.sub(r"\s+", "", m.group(0)) for m in INDEX_NUMBER.finditer(text)]
    return documents, indexes


def bare_numbers_in_query(text: str) -> list[str]:
    """'2024-12' for each document number typed without an issuer ('〔2024〕12号'), to be
    matched against the end of every stored key; empty when the query names an issuer."""
    text = normalise(text or "")
    if DOCUMENT_NUMBER.search(text) or INDEX_NUMBER.search(text):
        return []
    numbers = []
    for match in BARE_NUMBER.finditer(text):
        year = match.group("year1") or match.group("year2")
        serial = match.group("serial1") or match.group("serial2") or match.group("serial3")
        numbers.append(f"{year}-{int(serial)}")
    return numbers


def _key(match: re.Match) -> str:
    return f"{match.group('issuer')}{match.group('year')}-{int(match.group('serial'))}"
