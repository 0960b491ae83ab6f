"""Running one public search: checks on the query, promoted results, the query log.

`run_search` is what the search page calls; it answers an `Outcome` whatever the input, with a
polite message for an empty or over-long query (MAX_QUERY_LENGTH characters) and for a backend
that is down.
"""

import logging
import math
from dataclasses import dataclass

from django.db import DatabaseError
from django.utils.translation import gettext as _

from personaldata import mask_identifiers
from search import query_log, suggestions
from search.backends import PER_PAGE, SearchRequest, SearchResults, get_backend
from search.backends.database import hit_from_entry, visible_entries
from search.models import PromotedResult
from search.query import MAX_QUERY_LENGTH, QueryPlan, plan
from workdays.local_time import local_today

logger = logging.getLogger(__name__)


@dataclass
class Outcome:
    """What the search page shows."""

    query_text: str
    message: str = ""
    results: SearchResults | None = None
    promoted: list | None = None
    page_number: int = 1
    num_pages: int = 0
    promoted_before: int = 0  # promoted results shown on page 1, when this is a later page
    # (word as typed, [other forms]) searched too, from the vocabulary: "同时搜索了 …".
    expansions: list | None = None
    # With no result: the query put right from the vocabulary (shown, or offered), the query
    # with one word left out, and the catalogue and the application form.
    corrected_to: str = ""
    suggested: str = ""
    alternatives: list | None = None
    ways_on: list | None = None

    @property
    def total(self) -> int:
        return (self.results.total if self.results else 0) + len(self.promoted or []) \
            + self.promoted_before

    @property
    def first_number(self) -> int:
        """The number of the page's first item, for <ol start=…>."""
        if self.page_number == 1:
            return 1
        return self.promoted_before + (self.page_number - 1) * PER_PAGE + 1


def run_search(text: str, filters: dict, sort: str = "relevance", page: int = 1) -> Outcome:
    """Search for `text` with facet filters; page numbers start at 1."""
    if not text.strip():
        return Outcome(query_text="", message=_("请输入要检索的关键词或文号。"))
    if len(text) > MAX_QUERY_LENGTH:
        return Outcome(query_text=text[:MAX_QUERY_LENGTH], message=_(
            "检索词过长：请不超过 %(limit)d 个字，可以只输入最关键的几个词。")
            % {"limit": MAX_QUERY_LENGTH})
    query_plan = plan(text)
    if query_plan.is_empty:
        return Outcome(query_text=text, message=_("检索词中没有可检索的文字，请换一个关键词。"))
    outcome = _search(text, query_plan, filters, sort, page)
    if outcome.total or outcome.message:
        return outcome
    return _no_result(outcome, query_plan, filters, sort, page)


def _search(text: str, query_plan: QueryPlan, filters: dict, sort: str, page: int) -> Outcome:
    # Promoted pages head page 1 and are left out of the ranked list on every page, so that
    # no page appears twice and the numbering runs on.
    promoted = _promoted(query_plan.text) if not filters else []
    promoted_ids = tuple(hit.page_id for hit in promoted)
    request = SearchRequest(plan=query_plan, filters=filters, sort=sort,
                            offset=(page - 1) * PER_PAGE, limit=PER_PAGE,
                            exclude_page_ids=promoted_ids)
    try:
        results = get_backend().search(request)
    except DatabaseError:
        logger.exception("检索失败：%r", query_plan.text)
        return Outcome(query_text=text, message=_("检索服务暂时不可用，请稍后再试。"))
    outcome = Outcome(query_text=text, results=results, promoted=promoted, page_number=page,
                      num_pages=max(1, math.ceil(results.total / PER_PAGE)),
                      expansions=query_plan.expansions)
    if page > 1:
        outcome.promoted_before = len(promoted)
        outcome.promoted = []
    if page == 1 and not filters:
        record_query(query_plan.text, outcome.total)
    return outcome


def _no_result(outcome: Outcome, query_plan: QueryPlan, filters: dict, sort: str,
               page: int) -> Outcome:
    """A search that found nothing: a sure correction's results at once; otherwise the
    correction and the query without one word offered as links, with the ways on."""
    text = outcome.query_text
    fixed = suggestions.correction(text)
    if fixed and fixed.sure:
        corrected = _search(fixed.text, plan(fixed.text), filters, sort, page)
        if corrected.total:
            corrected.query_text = text
            corrected.corrected_to = fixed.text
            corrected.message = _("没有找到与“%(query)s”相关的信息，以下是“%(fixed)s”的检索结果。") \
                % {"query": text, "fixed": fixed.text}
            return corrected
    if fixed and _count(fixed.text, filters):
        outcome.suggested = fixed.text
    outcome.alternatives = [
        suggestions.Alternative(shorter, total)
        for shorter in suggestions.without_one_word(query_plan)
        if (total := _count(shorter, filters))]
    outcome.ways_on = suggestions.ways_on()
    outcome.message = _("没有找到与“%(query)s”相关的信息。请检查用字，或换用更短、更常用的词。") \
        % {"query": text}
    return outcome


def _count(text: str, filters: dict) -> int:
    """How many results another query would have (0 when it cannot be searched)."""
    other = plan(text)
    if other.is_empty:
        return 0
    try:
        return get_backend().search(SearchRequest(plan=other, filters=filters, limit=1)).total
    except DatabaseError:
        logger.exception("检索失败：%r", other.text)
        return 0


def record_query(text: str, result_count: int) -> None:
    """Count one search of `text` today (query text, counts and date only: nothing personal;
    ID, mobile and bank card numbers typed into the box are kept masked, 条例 第十五条).

    Counts are added up in this process and written in batches (`query_log.add`), not with an
    UPDATE per search: every `SEARCH_QUERY_LOG_FLUSH_SECONDS`, and when the process exits."""
    query_log.add(mask_identifiers(text), local_today(), zero=result_count == 0)


def _promoted(text: str) -> list:
    page_ids = list(PromotedResult.objects.filter(query=text)
                    .order_by("sort_order", "id").values_list("page_id", flat=True))
    entries = visible_entries(page_ids)
    return [hit_from_entry(entries[pk], [], promoted=True) for pk in page_ids if pk in entries]
