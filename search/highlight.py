"""Snippets with the query's words marked, from the original (unsegmented) text.

Every backend uses it (the Elasticsearch backend too, unless a plugin analyzer lets the server
highlight the original text): search-mode segmentation repeats the shorter words inside longer
ones, so fragments of the segmented text would not read as the page does.
"""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from search.segmentation import normalise

SNIPPET_LENGTH = 120


def snippet(texts: list[str], terms: list[str], length: int = SNIPPET_LENGTH) -> SafeString:
    """A window of the first text that contains a term, centred on it, terms in <mark>."""
    for text in texts:
        if not text:
            continue
        spans = _spans(text, terms)
        if spans:
            first = spans[0][0]
            start = max(0, first - length // 3)
            end = min(len(text), start + length)
            return _render(text, spans, start, end)
    for text in texts:
        if text:
            return _render(text, [], 0, min(len(text), length))
    return mark_safe("")  # noqa: S308 - empty string


def highlight(text: str, terms: list[str]) -> SafeString:
    """The whole text (a title) with the terms in <mark>."""
    return _render(text or "", _spans(text or "", terms), 0, len(text or ""))


def _spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) spans in `text` where a term occurs, in order."""
    normalised, origin = _normalise_with_map(text)
    taken = [False] * len(normalised)
    spans = []
    for term in terms:
        if not term:
            continue
        for match in re.finditer(re.escape(term), normalised):
            a, b = match.start(), match.end()
            if any(taken[a:b]):
                continue
            for index in range(a, b):
                taken[index] = True
            spans.append((origin[a], origin[b - 1] + 1))
    return sorted(spans)


def _normalise_with_map(text: str) -> tuple[str, list[int] | range]:
    """The text folded character by character, and for each folded character its origin."""
    characters = set(text)
    for char in characters - _known:
        folded = normalise(char)
        if folded != char:
            _table[ord(char)] = folded
            if len(folded) != 1:
                _expanding.add(char)
        _known.add(char)
    if not characters & _expanding:  # one character for one: positions do not move
        return text.translate(_table), range(len(text))
    pieces, origin = [], []
    for index, char in enumerate(text):
        folded = _table.get(ord(char), char)
        pieces.append(folded)
        origin.extend([index] * len(folded))
    return "".join(pieces), origin


# What each character seen so far folds to (only those that change), and those that fold to
# more or fewer than one character: folding one character at a time was most of the time spent
# on a page of results.
_known: set[str] = set()
_table: dict[int, str] = {}
_expanding: set[str] = set()


def _render(text: str, spans, start: int, end: int) -> SafeString:
    out = ["…" if start > 0 else ""]
    cursor = start
    for a, b in spans:
        if b <= start or a >= end:
            continue
        a, b = max(a, start), min(b, end)
        out.append(escape(text[cursor:a]))
        out.append(f"<mark>{escape(text[a:b])}</mark>")
        cursor = b
    out.append(escape(text[cursor:end]))
    if end < len(text):
        out.append("…")
    return mark_safe("".join(out))  # noqa: S308 - every piece of text is escaped above
