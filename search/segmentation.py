"""Chinese word segmentation, the same for indexing and for queries.

Stock full-text search treats a run of Chinese characters as one token, so nothing inside a
sentence is ever found. Every text is therefore cut into words by jieba before it reaches a
search backend: documents in *search mode* (each word plus the shorter dictionary words inside
it, so '卫生健康委员会' is found by '卫生健康委员会', '委员会' and '卫生'), queries in precise
mode. jieba's HMM guessing of unknown words is off on both sides: it depends on the neighbouring
characters, so a word would be cut one way in a sentence and another way in a query. Unknown
words fall apart into single characters on both sides instead, and queries match those as a
phrase.

The dictionary is jieba's own, plus the government terms shipped in `data/government_terms.txt`,
plus every word of the editable list (`SearchTerm`). It is loaded once per process; a change in
the admin reloads it at once in that process, and every other process notices the change within
`RECHECK_SECONDS`.

jieba's own Python is the reference, but it is also most of a rebuild's CPU time. `Cutter`
walks jieba's dictionary (its prefix dictionary and frequencies) the same way, in one pass per
run of characters instead of a DAG dict, a generator and a `max()` per character, and gives
exactly the same words, about twice as fast (tests/search/test_segmentation.py compares the
two on generated and hostile text).
"""

import gc
import logging
import re
import threading
import time
import unicodedata
from math import log
from pathlib import Path

import jieba
from django.db import DatabaseError

logger = logging.getLogger(__name__)

TERMS_FILE = Path(__file__).resolve().parent / "data" / "government_terms.txt"
# What `index_tokens` gives: 1, the words; 2, the words, then pairs of lone characters.
TOKEN_VERSION = 2
PAIRS_SINCE_VERSION = 2
RECHECK_SECONDS = 30

jieba.setLogLevel(logging.WARNING)  # its dictionary-loading chatter is not worth a log line

_WORD_CHARS = re.compile(r"[^\W_]+")
_lock = threading.RLock()
_base: jieba.Tokenizer | None = None
_current: jieba.Tokenizer | None = None
_cutter: "Cutter | None" = None
_fingerprint: tuple | None = None
_checked_at = 0.0


def normalise(text: str) -> str:
    """Fold full-width forms to ASCII (NFKC) and lower-case, as both sides of a search need."""
    if not text:
        return ""
    # Lone surrogates (from a broken URL) cannot be encoded anywhere: drop them first.
    text = text.encode("utf-8", "ignore").decode("utf-8")
    return unicodedata.normalize("NFKC", text).lower()


def index_tokens(text: str) -> list[str]:
    """The words of a document's text in search mode, in order, for the index; then each pair
    of adjacent lone characters joined (see `character_pairs`)."""
    text = normalise(text)
    if not text:
        return []
    tokenizer()  # reloads the dictionary when it changed
    words = _clean(_cutter.cut_for_search(text))
    return words + character_pairs(words)


def character_pairs(words: list[str]) -> list[str]:
    """'控', '烟' → '控烟': each two lone characters next to each other, as one token.

    A query for a word jieba does not know ('控烟') looks for its characters next to each other
    (a phrase), which PostgreSQL can only check by reading each candidate's tsvector; the pair
    lets its GIN index find them directly. The pairs come after all the words, so they never
    stand between two words of a phrase.
    """
    pairs = []
    for first, second in zip(words, words[1:], strict=False):
        if is_single_character(first) and is_single_character(second):
            pairs.append(first + second)
    return pairs


def query_words(text: str) -> list[str]:
    """The words of a query in precise mode, in order."""
    text = normalise(text)
    if not text:
        return []
    tokenizer()
    return _clean(_cutter.cut(text))


def finer_words(word: str) -> list[str]:
    """How the dictionary cuts a word when the word itself is not in it ('三公经费' → '三公',
    '经费'); [] for a word of fewer than three characters or one that does not split.

    Text indexed before a term entered the dictionary holds these pieces, and so does text
    that writes the term another way ('“三公”经费'): a query looks for them too, so a term
    added in the admin works at once, without re-indexing.
    """
    word = normalise(word)
    if len(word) < 3 or not _HAN_RUN.fullmatch(word):
        return []
    tokenizer()
    pieces = _MaskedCutter(_cutter, word).run(word)
    return pieces if len(pieces) > 1 else []


def is_single_character(word: str) -> bool:
    """True for a lone CJK character, which the index holds only where jieba knew no word."""
    return len(word) == 1 and not word.isascii()


def tokenizer() -> jieba.Tokenizer:
    """The process's tokenizer, reloaded when the editable dictionary has changed."""
    global _checked_at
    now = time.monotonic()
    if _current is None or now - _checked_at > RECHECK_SECONDS:
        with _lock:
            fingerprint = _terms_fingerprint()
            if _current is None or fingerprint != _fingerprint:
                _load(fingerprint)
            _checked_at = now
    return _current


def reload_dictionary() -> None:
    """Reload now (called in the process that saved or deleted a term)."""
    global _checked_at
    with _lock:
        _load(_terms_fingerprint())
        _checked_at = time.monotonic()


def shipped_terms() -> list[str]:
    """The government terms that ship with the site."""
    lines = TERMS_FILE.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def _clean(pieces) -> list[str]:
    words = []
    for piece in pieces:
        words.extend(_WORD_CHARS.findall(piece))
    return words


def _load(fingerprint) -> None:
    """Build a tokenizer from the base dictionary plus the editable terms, then swap it in."""
    global _base, _current, _cutter, _fingerprint
    first = _base is None
    if first:
        base = jieba.Tokenizer()
        base.initialize()
        for term in shipped_terms():
            base.add_word(normalise(term))
        _base = base
    fresh = jieba.Tokenizer()
    fresh.FREQ = dict(_base.FREQ)
    fresh.total = _base.total
    fresh.initialized = True
    for word in _editable_words():
        fresh.add_word(word)
    _cutter = Cutter(fresh)
    _current = fresh
    _fingerprint = fingerprint
    _keep_out_of_garbage_collection(first)


def _keep_out_of_garbage_collection(first: bool) -> None:
    """Move what is alive now (the dictionary of some 350,000 words, the loaded apps) out of
    the cyclic garbage collector's view: a full collection walked all of it, 70 ms at a time,
    and landed on whichever search or page happened to be running (bench_search's slowest
    queries). `gc.freeze()` itself costs nothing; the garbage present is collected first on
    the first load only (a full pass, some 100 ms, which a test loading the vocabulary term by
    term would pay at every term). A dictionary replaced later is freed by its reference count
    (it holds no cycles), frozen or not."""
    if first:
        gc.collect()
    gc.freeze()


def _editable_words() -> list[str]:
    from search.models import SearchTerm

    words = []
    try:
        for term in SearchTerm.objects.all():
            words.extend(term.all_forms())
    except DatabaseError:  # before migrations the table does not exist yet
        logger.warning("检索词库不可用，暂用内置词典分词", exc_info=True)
        return []
    return [normalise(word) for word in words if word]


def _terms_fingerprint() -> tuple:
    from django.db.models import Count, Max

    from search.models import SearchTerm

    try:
        summary = SearchTerm.objects.aggregate(count=Count("id"), latest=Max("updated_at"))
    except DatabaseError:  # before migrations the table does not exist yet
        return (None, None)
    return (summary["count"], summary["latest"])


def current_fingerprint() -> tuple | None:
    """The editable list's fingerprint the loaded dictionary was built from."""
    return _fingerprint


_HAN_RUN = jieba.re_han_default  # the runs jieba segments with its dictionary
_SKIP = jieba.re_skip_default  # what splits the other runs
_ASCII_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


class Cutter:
    """jieba's precise mode without HMM (`Tokenizer.cut(text, HMM=False)`) and its search mode
    (`cut_for_search(text, HMM=False)`), word for word, over a tokenizer's dictionary."""

    def __init__(self, tokenizer: jieba.Tokenizer):
        self.freq = tokenizer.FREQ  # words with their counts, and every prefix with 0
        self.logtotal = log(tokenizer.total)

    def run(self, sentence: str) -> list[str]:
        """The most probable words of one run (jieba's get_DAG, calc and __cut_DAG_NO_HMM)."""
        freq_get = self.freq.get
        logtotal = self.logtotal
        length = len(sentence)
        score = [0.0] * (length + 1)
        end = [0] * (length + 1)
        for start in range(length - 1, -1, -1):
            best, best_end = None, start
            stop = start
            fragment = sentence[start]
            while True:
                count = freq_get(fragment)
                if count is None:  # no dictionary word starts with this fragment
                    break
                if count:
                    value = log(count) - logtotal + score[stop + 1]
                    # jieba takes max() of (score, end) pairs: a tie goes to the longer word.
                    if best is None or value >= best:
                        best, best_end = value, stop
                stop += 1
                if stop >= length:
                    break
                fragment = sentence[start:stop + 1]
            if best is None:  # not a word: the character alone
                best = log(freq_get(sentence[start]) or 1) - logtotal + score[start + 1]
            score[start] = best
            end[start] = best_end + 1
        words, ascii_run, position = [], "", 0
        while position < length:
            after = end[position]
            word = sentence[position:after]
            if after - position == 1 and word in _ASCII_ALNUM:  # letters and digits stay together
                ascii_run += word
            else:
                if ascii_run:
                    words.append(ascii_run)
                    ascii_run = ""
                words.append(word)
            position = after
        if ascii_run:
            words.append(ascii_run)
        return words

    def cut(self, text: str) -> list[str]:
        words = []
        for block in _HAN_RUN.split(text):
            if not block:
                continue
            if _HAN_RUN.match(block):
                words.extend(self.run(block))
            else:
                for piece in _SKIP.split(block):
                    if _SKIP.match(piece):
                        words.append(piece)
                    else:
                        words.extend(piece)  # one character at a time
        return words

    def cut_for_search(self, text: str) -> list[str]:
        """Each word, preceded by the dictionary's two- and three-character words inside it."""
        freq_get = self.freq.get
        words = []
        for word in self.cut(text):
            length = len(word)
            if length > 2:
                for start in range(length - 1):
                    if freq_get(word[start:start + 2]):
                        words.append(word[start:start + 2])
                if length > 3:
                    for start in range(length - 2):
                        if freq_get(word[start:start + 3]):
                            words.append(word[start:start + 3])
            words.append(word)
        return words


class _MaskedCutter(Cutter):
    """A Cutter over the same dictionary with one word left out (kept as a prefix)."""

    def __init__(self, cutter: Cutter, hidden: str):
        freq = cutter.freq
        self.freq = _Masked(freq, hidden)
        self.logtotal = cutter.logtotal


class _Masked:
    def __init__(self, freq: dict, hidden: str):
        self._freq = freq
        self._hidden = hidden

    def get(self, key, default=None):
        value = self._freq.get(key, default)
        return 0 if key == self._hidden and value else value
