"""Turning what someone typed into a query plan that every backend can run safely.

No character of the input ever reaches a backend as query syntax: the text is segmented into
words, each word becomes a quoted term (or phrase), and the backends combine them with their own
operators. Quotes, `* : ( ) - AND OR NEAR`, SQL and FTS5 syntax are therefore just text.

A plan is an AND of groups; a group is an OR of alternatives (the word, and its synonyms from the
editable list); an alternative is an AND of phrases; a phrase is a list of tokens that must be
adjacent (runs of single characters that jieba did not know as a word).
"""

import threading
from dataclasses import dataclass, field

from search import segmentation
from search.numbers import keys_in_query

MAX_QUERY_LENGTH = 100  # longer queries are answered with a message, not searched
MAX_GROUPS = 16

Phrase = tuple[str, ...]
Alternative = tuple[Phrase, ...]


@dataclass
class QueryPlan:
    """What to look for: word groups, plus exact document-number and index-number keys."""

    text: str
    groups: list[list[Alternative]] = field(default_factory=list)
    document_keys: list[str] = field(default_factory=list)
    index_keys: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.groups or self.document_keys or self.index_keys)

    def highlight_terms(self) -> list[str]:
        """Every surface form worth marking in a snippet, longest first."""
        terms = set()
        for group in self.groups:
            for alternative in group:
                for phrase in alternative:
                    terms.add("".join(phrase))
        return sorted(terms, key=len, reverse=True)


def plan(text: str) -> QueryPlan:
    """Segment a query (at most MAX_QUERY_LENGTH characters are read) into a plan."""
    text = segmentation.normalise(text or "")[:MAX_QUERY_LENGTH].strip()
    document_keys, index_keys = keys_in_query(text)
    groups = []
    seen = set()
    for phrase in _phrases(segmentation.query_words(text)):
        if phrase in seen:
            continue
        seen.add(phrase)
        groups.append(_alternatives(phrase))
        if len(groups) >= MAX_GROUPS:
            break
    return QueryPlan(text=text, groups=groups, document_keys=document_keys, index_keys=index_keys)


def _phrases(words: list[str]) -> list[Phrase]:
    """Words as phrases, with each run of lone characters joined into one phrase."""
    phrases, run = [], []
    for word in words:
        if segmentation.is_single_character(word):
            run.append(word)
            continue
        if run:
            phrases.append(tuple(run))
            run = []
        phrases.append((word,))
    if run:
        phrases.append(tuple(run))
    return phrases


def _alternatives(phrase: Phrase) -> list[Alternative]:
    alternatives = [(phrase,)]
    surface = "".join(phrase)
    for form in synonyms_of(surface):
        words = segmentation.query_words(form)
        alternative = tuple(_phrases(words))
        if alternative and alternative not in alternatives:
            alternatives.append(alternative)
    return alternatives


_synonyms_lock = threading.Lock()
_synonyms_cache: tuple[object, dict[str, list[str]]] | None = None


def synonyms_of(word: str) -> list[str]:
    """Other forms of a word: a term's synonyms, or for a synonym, the term itself."""
    return _synonym_map().get(word, [])


def _synonym_map() -> dict[str, list[str]]:
    global _synonyms_cache
    segmentation.tokenizer()  # reloads the dictionary (and its fingerprint) when it changed
    fingerprint = segmentation.current_fingerprint()
    cached = _synonyms_cache
    if cached is not None and cached[0] == fingerprint:
        return cached[1]
    with _synonyms_lock:
        from search.models import SearchTerm

        mapping: dict[str, list[str]] = {}
        for term in SearchTerm.objects.all():
            word = segmentation.normalise(term.word)
            forms = [segmentation.normalise(form) for form in term.synonym_list()]
            for form in forms:
                if form != word:
                    mapping.setdefault(word, []).append(form)
                    mapping.setdefault(form, []).append(word)
        _synonyms_cache = (fingerprint, mapping)
        return mapping
