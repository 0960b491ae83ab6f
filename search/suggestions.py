"""What a search with no result offers instead: a correction from the office's vocabulary, the
query with one word left out, and the ways on (the catalogue, the application form).

Corrections come only from the site's own words, never from a general dictionary: a word of
the query that differs in one character from a vocabulary word (`SearchTerm` and the shipped
government terms: '家庭医声' → '家庭医生', '控咽' → '控烟') or from a word of three
characters or more in the titles the index holds, or two of them written together there
('互联网医阮' → '互联网医院'), is replaced by it. The titles hold the names people look for
on this site, which no vocabulary lists in full; their two-character words are left out,
since nearly every two characters are one character off some title word ('养犬' and '养老').

Pinyin typed without choosing the characters ('kongyan', 'jiating yisheng') or the initials
of a word ('hlwyy') stand for the vocabulary or title word they spell ('控烟', '家庭医生',
'互联网医院'); the office's own pinyin forms ('wjw') are vocabulary and searched as they are.
"""

import itertools
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from pypinyin import Style, lazy_pinyin, pinyin
from wagtail.models import Page

from search import segmentation
from search.models import IndexEntry, IndexState, SearchTerm
from search.query import QueryPlan

# Title words shorter than this are no corrections (see the module docstring).
TITLE_WORD_MIN_LENGTH = 3
TITLE_WORDS_KEPT = 50_000  # some 12 MB
TITLE_WORDS_SECONDS = 300
_CHINESE_WORD = re.compile(r"[\u4e00-\u9fff]+")

# Where a citizen goes on when the search has nothing: (app label, page model, link text).
# Named, not imported: search sits below the content apps.
WAYS_ON = (("disclosure", "catalogueroot", _("浏览政府信息公开目录")),
           ("applications", "applicationpage", _("申请政府信息公开")))


@dataclass
class WayOn:
    label: str
    url: str


@dataclass
class Alternative:
    """Another query to offer, with how many results it has."""

    text: str
    total: int


@dataclass
class Correction:
    """The query with one word put right; `sure` when that word is at least half of the query
    (then its results may be shown at once, not only offered)."""

    text: str
    sure: bool


def correction(text: str) -> Correction | None:
    """The query with one word put right, or None when no word is one character off.

    Longer words come first, of two as long a vocabulary word before a title word, and of two
    title words the one more titles hold. Only a part of the query that is no word already
    (of the vocabulary, the titles or jieba's dictionary: '个人' is not a typo of '老人') and
    that cuts no word of the query in two ('住房公积金' holds no '房公' to make '三公') is
    changed. Only the text is made here: the search page shows a correction only when it
    finds pages that are public now, so a title word never leaks from a page withdrawn
    since."""
    query = segmentation.normalise(text).strip()
    letters = len(query.replace(" ", ""))
    tokenizer = segmentation.tokenizer()
    bounds, offset = {0}, 0
    for word in tokenizer.cut(query, HMM=False):
        offset += len(word)
        bounds.add(offset)
    vocabulary, titles = _Words(Counter(_vocabulary())), _title_words()

    def unchangeable(start: int, part: str) -> bool:
        return (start not in bounds or start + len(part) not in bounds
                or part in vocabulary.counts or part in titles.counts
                or bool(tokenizer.FREQ.get(part)))

    fixed = _first_fix(query, [vocabulary, titles], unchangeable) or \
        _pinyin_fix(query, [vocabulary, titles])
    if fixed is None:
        return None
    start, part, word = fixed
    return Correction(query[:start] + word + query[start + len(part):],
                      sure=2 * len(part.replace(" ", "")) >= letters)


def without_one_word(plan: QueryPlan) -> list[str]:
    """The query again with each of its words left out in turn (for two words or more)."""
    words = plan.words
    if len(words) < 2:
        return []
    return [" ".join(words[:i] + words[i + 1:]) for i in range(len(words))]


def ways_on() -> list[WayOn]:
    """Links to the live, public catalogue and application form, where the site has them."""
    ways = []
    for app_label, model, label in WAYS_ON:
        page = (Page.objects.live().public()
                .filter(content_type__app_label=app_label, content_type__model=model)
                .order_by("path").first())
        if page is not None and page.url:
            ways.append(WayOn(str(label), page.url))
    return ways


class _Words:
    """Words with how many titles hold each, found by either half: a word one character off a
    part of the query shares the part's first half or its second half exactly, so two keys a
    word are enough (one per character would hold the same words in far more memory)."""

    def __init__(self, counts: Counter):
        self.counts = counts
        self.lengths = sorted({len(word) for word in counts}, reverse=True)
        self.halves: dict[str, list[str]] = {}
        for word in counts:
            for key in _halves(word):
                self.halves.setdefault(key, []).append(word)

    def one_character_off(self, part: str) -> str | None:
        """The word one character off `part`, the one more titles hold of two."""
        found = [word for key in _halves(part) for word in self.halves.get(key, ())
                 if _one_character_off(part, word)]
        return min(found, key=lambda word: (-self.counts[word], word)) if found else None


def _halves(word: str) -> tuple[str, str]:
    middle = len(word) // 2
    return f"{word[:middle]}\0{len(word)}", f"{len(word)}\0{word[middle:]}"


def _first_fix(query: str, sources: list[_Words], unchangeable
               ) -> tuple[int, str, str] | None:
    """(where, the part of the query, the word it should be) for the longest word one
    character off a part of the query (of two as long, the first source's), leaving alone the
    parts `unchangeable(start, part)`."""
    lengths = sorted({length for words in sources for length in words.lengths}, reverse=True)
    for length in lengths:
        if length < 2 or length > len(query):
            continue
        for words in sources:
            for start in range(len(query) - length + 1):
                part = query[start:start + length]
                if unchangeable(start, part):
                    continue
                word = words.one_character_off(part)
                if word:
                    return start, part, word
    return None


def _pinyin_fix(query: str, sources: list[_Words]) -> tuple[int, str, str] | None:
    """(where, the pinyin typed, the word it spells): the whole query when it is letters only
    (its spaces left out), else the first run of letters; full pinyin first, then initials
    (of three letters or more: two fit too many words). Of two words spelled alike, the one
    more titles hold comes first, then the vocabulary's. Only the PINYIN_CANDIDATES likeliest
    words of a fitting length are spelled out, so that a large site answers at once."""
    if _LETTERS_AND_SPACES.fullmatch(query):
        parts = [(0, query)]
    else:
        parts = [(match.start(), match.group()) for match in _LETTERS.finditer(query)]
    own = _pinyin_forms_of_vocabulary()
    parts = [(start, part) for start, part in parts if part.replace(" ", "") not in own]
    if not parts:
        return None
    vocabulary, titles = sources
    candidates = sorted(set(vocabulary.counts) | set(titles.counts), key=lambda word: (
        -titles.counts.get(word, 0), word not in vocabulary.counts, -len(word), word))
    for start, part in parts:
        letters = part.replace(" ", "")
        # A syllable has one to six letters; initials, one letter per character.
        spelled = [word for word in candidates if len(word) <= len(letters) <= 6 * len(word)]
        for word in spelled[:PINYIN_CANDIDATES]:
            if letters in _pinyin(word)[0]:
                return start, part, word
        if len(letters) >= 3:
            initials = [word for word in candidates if len(word) == len(letters)]
            for word in initials[:PINYIN_CANDIDATES]:
                if letters in _pinyin(word)[1]:
                    return start, part, word
    return None


_LETTERS = re.compile(r"[a-z]{2,}")
SPELLINGS = 16
PINYIN_CANDIDATES = 5000
_LETTERS_AND_SPACES = re.compile(r"[a-z][a-z ]*[a-z]")
# Each word's pinyin, kept across index changes: a word's spelling never changes.
_pinyin_cache: dict[str, tuple[str, str]] = {}


def _pinyin(word: str) -> tuple[set[str], set[str]]:
    """The word's spellings in pinyin without tones, and their initials ('家庭医生' →
    'jiatingyisheng', 'jtys'): the reading of the word, and with each character read any
    way it can be ('献血' is xianxie, and people type xianxue), at most SPELLINGS of them."""
    spelled = _pinyin_cache.get(word)
    if spelled is None:
        chosen = lazy_pinyin(word, errors="ignore")
        readings = []
        for char in word:
            heard = pinyin(char, style=Style.NORMAL, heteronym=True, errors="ignore")
            if heard:
                readings.append(heard[0])
        combinations = [chosen, *itertools.islice(itertools.product(*readings), SPELLINGS)]
        spelled = ({"".join(syllables) for syllables in combinations},
                   {"".join(syllable[0] for syllable in syllables) for syllables in combinations})
        _pinyin_cache[word] = spelled
    return spelled


def _pinyin_forms_of_vocabulary() -> set[str]:
    """The vocabulary's own letters-only forms ('wjw', 'hpv'), which are searched as typed."""
    forms = set()
    for term in SearchTerm.objects.all():
        forms.update(segmentation.normalise(form) for form in term.all_forms())
    return {form for form in forms if form.isascii()}


_title_lock = threading.Lock()
_title_cache: tuple[int, float, _Words] | None = None


def _title_words() -> _Words:
    """The Chinese words of TITLE_WORD_MIN_LENGTH characters or more in the titles of the
    active index generation, and each two of them written together there ('互联网' '医院':
    a name jieba's dictionary does not hold whole), with how many titles hold each: the
    TITLE_WORDS_KEPT that most titles hold. Read again when another generation becomes active
    and TITLE_WORDS_SECONDS after the last reading, not at each page published: reading every
    title of a large site takes a second."""
    global _title_cache
    generation = IndexState.current().active_generation

    def fresh():
        cached = _title_cache
        if cached is not None and cached[0] == generation \
                and time.monotonic() - cached[1] < TITLE_WORDS_SECONDS:
            return cached[2]
        return None

    if (words := fresh()) is not None:
        return words
    with _title_lock:
        if (words := fresh()) is not None:  # another thread has just read them
            return words
        counts = Counter()
        entries = IndexEntry.objects.filter(generation=generation)
        for title, tokens in entries.values_list("title", "title_tokens").iterator():
            title = segmentation.normalise(title).replace(" ", "")
            tokens = tokens.split()
            # The index holds the words inside a word too (search mode: '互联', '联网',
            # '互联网'): only neighbours that stand together in the title make a pair.
            pairs = (first + second for first, second in zip(tokens, tokens[1:], strict=False)
                     if first + second in title)
            counts.update({word for word in (*tokens, *pairs)
                           if len(word) >= TITLE_WORD_MIN_LENGTH
                           and _CHINESE_WORD.fullmatch(word)})
        words = _Words(Counter(dict(counts.most_common(TITLE_WORDS_KEPT))))
        _title_cache = (generation, time.monotonic(), words)
        return words


def _one_character_off(part: str, word: str) -> bool:
    """Same length, one character different, and that character a Chinese one (a typo of a
    sound-alike or look-alike character), the others the same."""
    differences = [(a, b) for a, b in zip(part, word, strict=True) if a != b]
    return len(differences) == 1 and not differences[0][0].isascii() \
        and not differences[0][1].isascii()


def _vocabulary() -> list[str]:
    """Every Chinese word of the vocabulary and the shipped terms, longest first."""
    words = set(segmentation.shipped_terms())
    for term in SearchTerm.objects.all():
        words.update(term.all_forms())
    normalised = {segmentation.normalise(word) for word in words}
    # Chinese words only: a typo of pinyin initials ('xxgk') cannot be told from another word.
    return sorted((word for word in normalised if not word.isascii()),
                  key=lambda word: (-len(word), word))
