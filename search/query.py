"""Turning what someone typed into a query plan that every backend can run safely.

No character of the input ever reaches a backend as query syntax: the text is segmented into
words, each word becomes a quoted term (or phrase), and the backends combine them with their own
operators. Quotes, `* : ( ) - AND OR NEAR`, SQL and FTS5 syntax are therefore just text.

A plan is a list of groups, one per word typed; a group is an OR of alternatives (the word as
typed first, then its other forms from the office's vocabulary, `SearchTerm`, applied here at
query time so that a change needs no re-index); an alternative is an AND of phrases; a phrase is
a list of tokens that must be adjacent (runs of single characters that jieba did not know as a
word). A page matches when it holds at least `minimum_match` of the groups (one of two, two of
three …), so that a word the best page does not use does not hide it; pages holding more of
the words rank first. When a word is found nowhere in the index, every word is required. Words that carry no meaning on
their own in a question (的, 怎么, 关于 …) are left out when other words remain.
"""

import math
import threading
from dataclasses import dataclass, field

from search import segmentation
from search.numbers import bare_numbers_in_query, keys_in_query

MAX_QUERY_LENGTH = 100  # longer queries are answered with a message, not searched
MAX_GROUPS = 16
# Question words and particles people type in a sentence-like query, and the units of a date
# or number typed apart from its figures ('2023年决算').
STOP_WORDS = frozenset("""
的 了 和 与 及 或 是 吗 呢 吧 啊 在 把 被 要 请 请问 我 我们 你 您 怎么 怎样 怎么样 如何 什么 哪些 哪个
哪里 哪儿 多少 多久 为什么 可以 能否 能不能 是否 有没有 关于 有关 相关 一下 查询 查找 搜索
年 月 日 号 第
""".split())

Phrase = tuple[str, ...]
Alternative = tuple[Phrase, ...]


@dataclass
class QueryPlan:
    """What to look for: word groups, plus exact document-number and index-number keys."""

    text: str
    groups: list[list[Alternative]] = field(default_factory=list)
    document_keys: list[str] = field(default_factory=list)
    index_keys: list[str] = field(default_factory=list)
    # '2024-12' for a number typed without its issuer: matched against the end of the keys.
    number_suffixes: list[str] = field(default_factory=list)
    # How much a match of each alternative counts, per group (1 for the word as typed).
    weights: list[list[float]] = field(default_factory=list)
    # (word as typed, [other forms searched too]) for "同时搜索了 …".
    expansions: list[tuple[str, list[str]]] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.groups or self.document_keys or self.index_keys or self.number_suffixes)

    @property
    def has_numbers(self) -> bool:
        return bool(self.document_keys or self.index_keys or self.number_suffixes)

    @property
    def minimum_match(self) -> int:
        """How many groups a page must hold when each of them is found somewhere: one of two,
        two of three, three of four, 60 % of more (pages holding more rank first)."""
        count = len(self.groups)
        return 1 if count <= 2 else max(2, math.ceil(count * 0.6))

    def minimum_given(self, found: list[bool]) -> int:
        """The minimum, given which groups the index holds at all: when a word is found
        nowhere, the query asks for something the site does not have, and pages holding only
        the other words would mislead, so every word is required (and nothing is listed)."""
        return self.minimum_match if all(found) else len(self.groups)

    @property
    def words(self) -> list[str]:
        """The words as typed, one per group."""
        return ["".join(group[0][0]) if len(group[0]) == 1 else
                "".join("".join(phrase) for phrase in group[0]) for group in self.groups]

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
    number_suffixes = bare_numbers_in_query(text)
    phrases = _phrases(segmentation.query_words(text))
    meaningful = [phrase for phrase in phrases if "".join(phrase) not in STOP_WORDS]
    if meaningful:
        phrases = meaningful
    if document_keys or index_keys or number_suffixes:
        # The number is matched as a key; its digits and brackets are no words to look for.
        phrases = [phrase for phrase in phrases
                   if not ("".join(phrase).isdigit() or set("".join(phrase)) <= set("年第号"))]
    # A number's year and serial next to each other: the pages citing it ('依据〔2023〕8号').
    cited = [f"{key.split('-')[0][-4:]}-{key.split('-')[1]}" for key in document_keys]
    for number in dict.fromkeys([*cited, *number_suffixes]):
        phrases.append(tuple(number.split("-")))
    groups, weights, expansions = [], [], []
    seen = set()
    for phrase in phrases:
        if phrase in seen:
            continue
        seen.add(phrase)
        alternatives, alternative_weights = _alternatives(phrase)
        groups.append(alternatives)
        weights.append(alternative_weights)
        forms = synonyms_of("".join(phrase))
        if forms:
            expansions.append(("".join(phrase), forms))
        if len(groups) >= MAX_GROUPS:
            break
    return QueryPlan(text=text, groups=groups, document_keys=document_keys, index_keys=index_keys,
                     number_suffixes=number_suffixes, expansions=expansions, weights=weights)


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


# The pieces of the word as typed stand for the word itself (a longer dictionary word holds it
# in the index: '家庭医生签约服务' is indexed with '家庭', '医生', not '家庭医生'); another form
# from the vocabulary, or its pieces, counts for less: the same name written out or shortened
# (ABBREVIATION_WEIGHT: '控烟' and '控制吸烟', '卫计委' and '卫生和计划生育委员会', where the
# short form's characters stand in the long one in order, as Chinese abbreviations are made)
# more than another name for it (SYNONYM_WEIGHT: '卫计委' and today's '卫生健康委员会', the
# successor agency; '控烟' and '禁烟'). Pinyin initials ('wjw') stand for the vocabulary term
# on their line ('卫健委') and are compared through it.
PIECES_WEIGHT = 0.9
ABBREVIATION_WEIGHT = 0.85
SYNONYM_WEIGHT = 0.6


def _alternatives(phrase: Phrase) -> tuple[list[Alternative], list[float]]:
    """The word as typed, then its other forms from the vocabulary; each also as the phrase of
    its pieces when it is a dictionary word (`segmentation.finer_words`): text indexed before
    a term entered the dictionary, or writing it apart ('“三公”经费'), holds those. With the
    weight of each."""
    alternatives, weights = [(phrase,)], [1.0]
    surface = "".join(phrase)
    forms = [(phrase if len(phrase) > 1 else None, surface, PIECES_WEIGHT), *(
        (None, form, weight) for form, weight in weighted_synonyms_of(surface))]
    for given, form, weight in forms:
        words = list(given) if given else segmentation.query_words(form)
        for alternative in (tuple(_phrases(words)), _pieces(form)):
            if alternative and alternative not in alternatives:
                alternatives.append(alternative)
                weights.append(weight)
    return alternatives, weights


def _pieces(form: str) -> Alternative | None:
    pieces = segmentation.finer_words(form)
    return ((tuple(pieces),) if pieces else None)


_synonyms_lock = threading.Lock()
_synonyms_cache: tuple[object, dict[str, list[str]]] | None = None


def synonyms_of(word: str) -> list[str]:
    """Other forms of a word: a term's synonyms, or for a synonym, the term itself."""
    return [form for form, _weight in _synonym_map().get(word, [])]


def weighted_synonyms_of(word: str) -> list[tuple[str, float]]:
    """Other forms of a word, each with how much a match of it counts (see SYNONYM_WEIGHT)."""
    return _synonym_map().get(word, [])


def form_weight(typed: str, form: str, term: str) -> float:
    """How much a match of `form` counts for a query that typed `typed`, both forms of the
    vocabulary line of `term`: the same name shortened or written out counts nearly as much as
    the word typed, another name less. Pinyin initials are compared through the term."""
    if typed.isascii():
        if form == term:
            return ABBREVIATION_WEIGHT
        typed = term
    if form.isascii():
        return SYNONYM_WEIGHT
    short, long = sorted((typed, form), key=len)
    return ABBREVIATION_WEIGHT if _in_order(short, long) else SYNONYM_WEIGHT


def _in_order(short: str, long: str) -> bool:
    """Whether the characters of `short` stand in `long` in the same order ('卫计委' in
    '卫生和计划生育委员会')."""
    rest = iter(long)
    return all(char in rest for char in short)


def _synonym_map() -> dict[str, list[tuple[str, float]]]:
    global _synonyms_cache
    segmentation.tokenizer()  # reloads the dictionary (and its fingerprint) when it changed
    fingerprint = segmentation.current_fingerprint()
    cached = _synonyms_cache
    if cached is not None and cached[0] == fingerprint:
        return cached[1]
    with _synonyms_lock:
        from search.models import SearchTerm

        # Every form of a term stands for every other form of it (an abbreviation, the full
        # name and the names before a reform are one agency).
        mapping: dict[str, list[tuple[str, float]]] = {}
        for term in SearchTerm.objects.all():
            forms = list(dict.fromkeys(segmentation.normalise(form) for form in term.all_forms()))
            for form in forms:
                others = mapping.setdefault(form, [])
                known = {other for other, _weight in others}
                others.extend((other, form_weight(form, other, forms[0])) for other in forms
                              if other != form and other not in known)
        _synonyms_cache = (fingerprint, mapping)
        return mapping
