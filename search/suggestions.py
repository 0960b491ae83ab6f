"""What a search with no result offers instead: a correction from the office's vocabulary, the
query with one word left out, and the ways on (the catalogue, the application form).

Corrections come only from the site's own words (the vocabulary `SearchTerm` and the shipped
government terms), never from a general dictionary: a word of the query that differs from a
vocabulary word in one character ('家庭医声' → '家庭医生', '控咽' → '控烟') is replaced by it.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from search import segmentation
from search.models import SearchTerm
from search.query import QueryPlan

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
    """The query with one vocabulary word put right; `sure` when that word is at least half of
    the query (then its results may be shown at once, not only offered)."""

    text: str
    sure: bool


def correction(text: str) -> Correction | None:
    """The query with one vocabulary word put right, or None when no word is one character off.

    Longer vocabulary words are tried first; a part of the query that already is a vocabulary
    word is never changed."""
    query = segmentation.normalise(text).strip()
    vocabulary = _vocabulary()
    known = set(vocabulary)
    letters = len(query.replace(" ", ""))
    for word in vocabulary:  # longest first
        length = len(word)
        if length < 2 or length > len(query):
            continue
        for start in range(len(query) - length + 1):
            part = query[start:start + length]
            if part in known or not _one_character_off(part, word):
                continue
            return Correction(query[:start] + word + query[start + length:],
                              sure=2 * length >= letters)
    return None


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
