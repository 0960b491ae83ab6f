"""The database backend: full text over jieba-segmented text in SQLite (FTS5) or PostgreSQL.

What a query matches and how it ranks is the same on both (the relevance formulas differ in
detail: FTS5's bm25 on SQLite, BM25F from postings on PostgreSQL): a page holding at least
`QueryPlan.minimum_match` of the query's words (each with its other forms from the vocabulary)
matches; matches rank by how many words they hold, then by relevance weighted by validity
(VALIDITY_FACTOR) and page type (KIND_FACTOR), and an exact document or index number comes
first (EXACT_NUMBER_BONUS).

SQLite: the FTS5 table `search_indexentry_fts` mirrors the token columns of `IndexEntry` (an
external-content table kept in step by triggers; migration 0002); relevance is bm25 with field
weights, one FTS5 query per word (`_SQLiteSearch`). Matches are checked against
`wagtailcore_page`, so counts, facets and results only ever cover pages that are live,
unexpired and free of view restrictions right now. SQLite is for small sites.

PostgreSQL: the generated column `search_indexentry.search_vector` (a weighted tsvector built
with the 'simple' configuration over the space-joined tokens) is copied with what else a query
reads for every match into the narrow `search_indexrow` (`SearchRow`, GIN index; migration
0003), and split by a trigger into postings, one per word and entry with the word's BM25F
impact already computed (`search_posting`, migration 0005; see `search.backends.postings`).
Two common words can match most of a 100,000-page site, so one search is a few bounded steps:

1. One pass over the matches (the GIN bitmap, then the narrow rows) counts them per facet
   set, leaving out pages whose `expire_at` has passed; in date order it also collects the
   matches among the RECENT_POOL newest entries.
2. Relevance over *all* matches (`postings.top_k`): with at most `postings.DIRECT_LIMIT`
   matches, each is scored from its postings; with more, the threshold algorithm reads the
   postings of each word in impact order and looks up only the entries that could still
   reach the page asked for, which gives the same first pages as scoring every match (tested).
   Date order lists the matches newest first.
3. Whatever is listed is checked against `wagtailcore_page` as it is now (live, not expired,
   no view restriction on the page or an ancestor), so a page that stopped being public is
   never shown, even before its index task has run; more are ranked when some were left out.
   Counts come from the index, which the tasks keep in step; when the check has seen every
   match (at most COMPLETE_CHECK of them), the counts leave out what it rejected too.

Every piece of user input is a bound parameter; FTS5 terms are additionally quoted (`"..."`),
so no query syntax gets through.
"""

import itertools
import json
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from types import SimpleNamespace

from django.db import connection, transaction
from django.utils import timezone

from search.backends import (
    FACETS,
    FacetValue,
    Hit,
    SearchBackend,
    SearchRequest,
    SearchResults,
    postings,
)
from search.highlight import highlight, snippet
from search.models import IndexEntry, IndexState
from search.query import ABBREVIATION_WEIGHT, MAX_GROUPS, QueryPlan
from search.segmentation import PAIRS_SINCE_VERSION, is_single_character, normalise

# Weights, most important first: title, numbers and metadata, body, attachments.
FTS5_WEIGHTS = "10.0, 4.0, 1.0, 0.3"
EXACT_NUMBER_BONUS = 1000
# A page matching one more of the query's words ranks above any page matching fewer.
COVERAGE_STEP = 100
# SQLite: of pages holding as many words, one loses this much per word it holds only under
# another name (卫生健康委员会 for 卫计委, 疫情 for 传染病): less than COVERAGE_STEP shared by
# every word a query may have, so a page holding more words still comes first.
OTHER_NAME_STEP = COVERAGE_STEP / (MAX_GROUPS + 1)
# Of two equally relevant pages, a repealed or expired document comes after a current one.
VALIDITY_FACTOR = {"已废止": 0.6, "已失效": 0.6, "已修改": 0.85}
# What a citizen's words most often mean: a policy document or its interpretation before news
# that mentions it, the catalogue with its disclosure guide before a news item about
# disclosure; a column page (a way in, not an answer) after the items.
KIND_FACTOR = {"政策文件": 1.5, "政策解读": 1.4, "政府信息公开目录": 1.5, "公开目录栏目": 0.8}
# The query's words next to each other in the title, as typed.
PHRASE_BONUS = 1.3
# Each of the query's words that the title holds (in any of its forms, counted by the form's
# weight): a page named after what was asked for is what people look for, however often a
# longer page repeats the word in its body or tables (BM25 saturates within a page, so the
# title alone is outweighed by a table that repeats '预算' forty times).
TITLE_WORD_BONUS = 1.5
# PostgreSQL: with at most this many matches, every one is checked against the pages, so the
# counts leave out what is not public any more; the exact number matches ranked first.
COMPLETE_CHECK = 200
EXACT_CANDIDATES = 50
# Date order: the first pass collects the matches among this many newest entries, the first
# pages in date order without a second pass.
RECENT_POOL = 4000
CUTOFF_SECONDS = 300

_FILTER_COLUMNS = {"kind": "kind", "column": "column_id", "year": "year",
                   "issuing_body": "issuing_body", "validity": "validity"}
_ENTRY_DISPLAY_FIELDS = ("page_id", "url", "title", "body", "summary", "attachments_text", "kind",
                         "column", "column_id", "issuing_body", "published_on", "validity",
                         "document_number")


class DatabaseBackend(SearchBackend):
    """Searches `IndexEntry` with the database's own full-text engine."""

    def search(self, request: SearchRequest) -> SearchResults:
        if request.plan.is_empty:
            return SearchResults(hits=[], total=0, facets={name: [] for name in FACETS})
        if connection.vendor == "postgresql":
            return _PostgreSQLSearch(request).run()
        return _SQLiteSearch(request).run()


def hit_from_entry(entry: IndexEntry, terms: list[str], promoted: bool = False) -> Hit:
    """A Hit for an index entry, with the query's words marked."""
    return Hit(
        page_id=entry.page_id, url=entry.url, title=highlight(entry.title, terms),
        snippet=snippet([entry.body, entry.summary, entry.attachments_text], terms),
        kind=entry.kind, column=entry.column, column_id=entry.column_id,
        issuing_body=entry.issuing_body, published_on=entry.published_on,
        validity=entry.validity, document_number=entry.document_number, promoted=promoted,
    )


def visible_entries(page_ids) -> dict[int, IndexEntry]:
    """Active index entries of these pages that the public may see right now, by page id."""
    generation = IndexState.current().active_generation
    ids = [int(pk) for pk in page_ids]
    if not ids:
        return {}
    placeholders = ", ".join(["%s"] * len(ids))
    sql = f"""SELECT e.id FROM search_indexentry e JOIN wagtailcore_page p ON p.id = e.page_id
              WHERE e.generation = %s AND e.page_id IN ({placeholders}) AND {VISIBLE}"""  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [generation, *ids, timezone.now()])
        entry_ids = [row[0] for row in cursor.fetchall()]
    return {entry.page_id: entry for entry in IndexEntry.objects.filter(pk__in=entry_ids)}


def _entries_in_order(ids: list[int], plan: QueryPlan) -> list[Hit]:
    """Hits for these entries, in this order (only what a hit shows is read)."""
    if not ids:
        return []
    columns = ", ".join(f'"{name}"' for name in ("id", *_ENTRY_DISPLAY_FIELDS))
    placeholders = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM search_indexentry WHERE id IN ({placeholders})",  # noqa: S608
                       list(ids))
        entries = {row[0]: SimpleNamespace(**dict(zip(_ENTRY_DISPLAY_FIELDS, row[1:],
                                                      strict=True)))
                   for row in cursor.fetchall()}
    terms = plan.highlight_terms()
    return [hit_from_entry(entries[pk], terms) for pk in ids if pk in entries]


# The page is live, not expired, and neither it nor an ancestor has a view restriction.
VISIBLE = """p.live AND NOT p.expired AND (p.expire_at IS NULL OR p.expire_at > %s)
    AND NOT EXISTS (SELECT 1 FROM wagtailcore_pageviewrestriction r
                    JOIN wagtailcore_page rp ON rp.id = r.page_id
                    WHERE substr(p.path, 1, length(rp.path)) = rp.path)"""


def exact_keys(plan: QueryPlan, alias: str = "e") -> tuple[str, list]:
    """SQL that is true for an entry whose document or index number the query names."""
    parts, params = [], []
    if plan.document_keys:
        parts.append(f"{alias}.document_number_key IN (%s)" % ", ".join(["%s"] * len(plan.document_keys)))  # noqa: S608, UP031
        params += plan.document_keys
    if plan.index_keys:
        parts.append(f"{alias}.index_number_key IN (%s)" % ", ".join(["%s"] * len(plan.index_keys)))  # noqa: S608, UP031
        params += plan.index_keys
    for suffix in plan.number_suffixes:  # digits and '-' only (numbers.bare_numbers_in_query)
        parts.append(f"{alias}.document_number_key LIKE %s")
        params.append(f"%{suffix}")
    if not parts:
        return "(1 = 0)", []
    return "(" + " OR ".join(parts) + ")", params


def _facet_conditions(request: SearchRequest) -> tuple[list[str], list]:
    """The chosen facet values as `column = %s` conditions, with their parameters."""
    conditions, params = [], []
    for name, value in request.filters.items():
        column = _FILTER_COLUMNS.get(name)
        if column is None or value in (None, ""):
            continue
        conditions.append(f"{column} = %s")
        params.append(value)
    return conditions, params


def _excluded_pages(request: SearchRequest, alias: str) -> tuple[str, list]:
    """`AND <alias>.page_id NOT IN (...)` for the promoted pages shown apart, or ""."""
    ids = list(request.exclude_page_ids or ())
    if not ids:
        return "", []
    return f" AND {alias}.page_id NOT IN ({', '.join(['%s'] * len(ids))})", ids


def _filters(request: SearchRequest) -> tuple[str, list]:
    """The facet filters and the excluded (promoted) pages, as `AND ...` on `e`."""
    conditions, params = _facet_conditions(request)
    sql = "".join(f" AND e.{condition}" for condition in conditions)
    excluded, excluded_params = _excluded_pages(request, "e")
    return sql + excluded, params + excluded_params


def _row_filters(request: SearchRequest) -> tuple[str, list]:
    """The same, as `AND ...` on a SearchRow `n`: facet values through its facet set."""
    conditions, params = _facet_conditions(request)
    sql = ""
    if conditions:
        sql = (" AND n.facet_set_id IN (SELECT id FROM search_facetset WHERE "  # noqa: S608
               + " AND ".join(conditions) + ")")
    excluded, excluded_params = _excluded_pages(request, "n")
    return sql + excluded, params + excluded_params


# GROUPING(kind, column_id, year, issuing_body, validity) of each grouping set: a bit is set
# for every column the set leaves out.
_FACET_POSITION = {"kind": 0, "column": 1, "year": 2, "issuing_body": 3, "validity": 4}
_GROUPED_FACET = {0b11111: None, **{0b11111 ^ (1 << (4 - position)): name
                                    for name, position in _FACET_POSITION.items()}}


class _FacetCounter:
    """Facet values and counts from rows of (kind, column_id, column, year, issuing_body,
    validity, count)."""

    def __init__(self):
        self.total = 0
        self.kind: dict = {}
        self.column: dict = {}
        self.year: dict = {}
        self.issuing_body: dict = {}
        self.validity: dict = {}
        self.labels: dict = {}

    def add(self, kind, column_id, column, year, issuing_body, validity, count):
        self.total += count
        if kind:
            self.kind[kind] = self.kind.get(kind, 0) + count
        if column_id is not None:
            self.column[column_id] = self.column.get(column_id, 0) + count
            # A column's label: the largest title it is indexed under.
            if column and column > self.labels.get(column_id, ""):
                self.labels[column_id] = column
        if year is not None:
            self.year[year] = self.year.get(year, 0) + count
        if issuing_body:
            self.issuing_body[issuing_body] = self.issuing_body.get(issuing_body, 0) + count
        if validity:
            self.validity[validity] = self.validity.get(validity, 0) + count

    def add_grouped(self, name: str | None, values: tuple, column: str, count: int):
        """One row of a GROUPING SETS count: `name` is the facet counted (None: the total)."""
        if name is None:
            self.total += count
            return
        value = values[_FACET_POSITION[name]]
        if value in (None, ""):
            return
        counts = getattr(self, name)
        counts[value] = counts.get(value, 0) + count
        if name == "column" and column and column > self.labels.get(value, ""):
            self.labels[value] = column

    def facets(self) -> dict[str, list[FacetValue]]:
        facets = {}
        for name in FACETS:
            counts = getattr(self, name)
            values = [FacetValue(str(value), (self.labels.get(value) if name == "column" else None)
                                 or str(value), count)
                      for value, count in counts.items() if count > 0]
            if name == "year":
                values.sort(key=lambda item: item.value, reverse=True)
            else:
                values.sort(key=lambda item: (-item.count, item.label))
            facets[name] = values
        return facets


# --- PostgreSQL --------------------------------------------------------------------------------

_cutoffs: dict[int, tuple[float, date | None]] = {}


def pg_tsquery(plan: QueryPlan, pairs: bool = False, wanted: int | None = None
               ) -> tuple[str, list]:
    """A tsquery expression built from phraseto_tsquery('simple', %s) calls, and its params:
    pages holding at least `plan.minimum_match` of the groups (an OR of the combinations of
    that many groups, or `wanted`; every group when the combinations would be too many).

    With `pairs` (every entry holds the pairs of lone characters, `segmentation.TOKEN_VERSION`
    2), two lone characters ('控', '烟') are looked for as their pair ('控烟'): the same pages
    as the phrase, found by the GIN index alone, where the phrase makes PostgreSQL read the
    tsvector of every page holding both characters (and of every page sharing a heap page
    with one) to check that they are adjacent.
    """
    groups = pg_group_tsqueries(plan, pairs)
    if not groups:
        return "", []
    wanted = plan.minimum_match if wanted is None else wanted
    combinations = list(itertools.combinations(range(len(groups)), wanted))
    if wanted >= len(groups) or len(combinations) > MAX_COMBINATIONS:
        combinations = [tuple(range(len(groups)))]
    parts, params = [], []
    for combination in combinations:
        parts.append("(" + " && ".join(groups[i][0] for i in combination) + ")")
        for i in combination:
            params += groups[i][1]
    return " || ".join(parts), params


MAX_COMBINATIONS = 10


def pg_group_tsqueries(plan: QueryPlan, pairs: bool = False) -> list[tuple[str, list]]:
    """One tsquery expression per group (its alternatives OR'ed), with its params."""
    groups = []
    for alternatives in pg_alternative_tsqueries(plan, pairs):
        groups.append(("(" + " || ".join(sql for sql, _params, _weight in alternatives) + ")",
                       [param for _sql, params, _weight in alternatives for param in params]))
    return groups


def pg_alternative_tsqueries(plan: QueryPlan, pairs: bool = False
                             ) -> list[list[tuple[str, list, float]]]:
    """Per group, one tsquery expression per alternative, with its params and its weight."""
    groups = []
    for group, weights in zip(plan.groups, plan.weights, strict=True):
        alternatives = []
        for alternative, weight in zip(group, weights, strict=True):
            phrases, params = [], []
            for phrase in alternative:
                phrases.append("phraseto_tsquery('simple', %s)")
                if pairs and len(phrase) == 2 and all(map(is_single_character, phrase)):
                    params.append("".join(phrase))
                else:
                    params.append(" ".join(phrase))
            alternatives.append(("(" + " && ".join(phrases) + ")", params, weight))
        groups.append(alternatives)
    return groups


# A match's place in date order as one bigint: days since 0001-01-01 above the low 40 bits, the
# id in them (ids stay far below 2**40); undated matches below zero, by id. Sorted descending:
# newest first, undated last, ties by id descending (the order of every date-ordered query).
_ID_BITS = 1 << 40
_UNDATED = _ID_BITS
_DATE_KEY = f"((n.published_on - DATE '0001-01-01')::bigint * {_ID_BITS} + n.id)"


def _date_key_id(key: int) -> int:
    return key + _UNDATED if key < 0 else key % _ID_BITS


def _date_key_is_dated(key: int) -> bool:
    return key >= 0


# The facet counts from the matches per facet set `c` (GROUPING SETS; the total is the empty
# set), as rows of (grouping, kind, column_id, column, year, issuing_body, validity, count,
# NULL).
_FACET_COUNTS = """SELECT GROUPING(f.kind, f.column_id, f.year, f.issuing_body, f.validity),
                         f.kind, f.column_id, MAX(f."column"), f.year, f.issuing_body,
                         f.validity, CAST(SUM(c.matches) AS bigint), NULL::bigint[]
                  FROM c LEFT JOIN search_facetset f ON f.id = c.facet_set
                  GROUP BY GROUPING SETS ((), (f.kind), (f.column_id), (f.year),
                                         (f.issuing_body), (f.validity))"""


class _PostgreSQLSearch:
    """One search on PostgreSQL, in the steps the module docstring describes."""

    def __init__(self, request: SearchRequest):
        self.request = request
        self.plan = request.plan
        self.now = timezone.now()
        self.keys_sql, self.keys_params = exact_keys(self.plan, "n")
        self.filters, self.filter_params = _row_filters(request)
        self.entry_filters, self.entry_filter_params = _filters(request)

    def run(self) -> SearchResults:
        # The tsvector lives out of line: a sequential scan would read every page's tsvector
        # to test it, where the GIN bitmap reads none, yet the planner prefers the scan once
        # the words are common. JIT compilation costs more than these queries run.
        # Both settings are local to the transaction; inside someone else's transaction they
        # are put back afterwards.
        restore = connection.in_atomic_block
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('enable_seqscan'), current_setting('jit'), "
                           "set_config('enable_seqscan', 'off', true), "
                           "set_config('jit', 'off', true), active_generation, token_version "
                           "FROM (SELECT 1) AS one LEFT JOIN search_indexstate ON id = 1")
            seqscan, jit, _off, _off_too, generation, token_version = cursor.fetchone()
            self.cursor = cursor
            if generation is None:
                state = IndexState.current()
                generation, token_version = state.active_generation, state.token_version
            self.generation = generation
            self.pairs = token_version >= PAIRS_SINCE_VERSION
            # Everything but the words: generation, expiry as indexed, filters, exclusions.
            self.where = (f"n.generation = %s AND (n.expire_at IS NULL OR n.expire_at > %s) "
                          f"{self.filters}")
            self.where_params = [self.generation, self.now, *self.filter_params]
            # Pages holding every word rank above the others, so while they fill the page
            # asked for, the others need not be counted (a pass over their union would read
            # far more rows); only then are pages holding fewer words looked for.
            every, wanted = len(self.plan.groups), self._minimum()
            counter, ids = self._matches(every)
            end = self.request.offset + self.request.limit
            if wanted < every and counter.total < end:
                counter, ids = self._matches(wanted)
            if restore:
                cursor.execute("SELECT set_config('enable_seqscan', %s, true), "
                               "set_config('jit', %s, true)", [seqscan, jit])
        hits = _entries_in_order(ids, self.plan)
        return SearchResults(hits=hits, total=counter.total, facets=counter.facets())

    def _matches(self, wanted: int) -> tuple["_FacetCounter", list[int]]:
        """Counts and the page of ids asked for, of the pages holding `wanted` groups."""
        self.wanted = wanted
        self.tsquery, self.tsquery_params = pg_tsquery(self.plan, pairs=self.pairs,
                                                       wanted=wanted)
        if self.tsquery:
            self.found = f"(n.search_vector @@ ({self.tsquery}) OR {self.keys_sql})"
            self.found_params = [*self.tsquery_params, *self.keys_params]
        else:
            self.found, self.found_params = self.keys_sql, list(self.keys_params)
        counter, collected = self._count()
        if self.request.sort == "date":
            return counter, self._by_date(counter, collected)
        return counter, self._by_relevance(counter, collected)

    def _fetch(self, sql: str, params: list) -> list[tuple]:
        self.cursor.execute(sql, params)
        return self.cursor.fetchall()

    def _minimum(self) -> int:
        """How many groups a match must hold (`QueryPlan.minimum_given`): one GIN probe per
        group asks whether the index holds it at all."""
        groups = pg_group_tsqueries(self.plan, self.pairs)
        if len(groups) < 2:
            return len(groups)
        found = []
        for sql, params in groups:
            rows = self._fetch(f"""SELECT EXISTS (SELECT 1 FROM search_indexrow n
                WHERE n.generation = %s AND n.search_vector @@ {sql})""",  # noqa: S608
                               [self.generation, *params])
            found.append(bool(rows[0][0]))
        return self.plan.minimum_given(found)

    # Step 1 -------------------------------------------------------------------------------
    def _count(self):
        """Counts per facet set, and for date order the recent matches newest first (their
        `_date_key`s; relevance order reads the postings instead)."""
        if self.request.sort != "date":
            # Grouped by the facet set (one integer) only: the cheapest pass there is.
            rows = self._fetch(f"""WITH c AS (
                    SELECT n.facet_set_id AS facet_set, COUNT(*) AS matches
                    FROM search_indexrow n WHERE {self.where} AND {self.found} GROUP BY 1)
                  {_FACET_COUNTS}""", [*self.where_params, *self.found_params])  # noqa: S608
            return self._counter(rows), []
        cutoff = self._recent_cutoff()
        recent = "n.published_on >= %s" if cutoff else "n.published_on IS NOT NULL"
        recent_params = [cutoff] if cutoff else []
        # Grouped by the facet set (one integer), and by date and id for the recent matches
        # only (one bigint: grouping by two nullable columns made the hash table unstable), so
        # that one pass both counts and collects. Then the few hundred facet sets are counted
        # per facet (GROUPING SETS; the total is the empty set), and the recent matches' keys
        # come as one array.
        sql = f"""WITH c AS (
                    SELECT n.facet_set_id AS facet_set,
                           CASE WHEN {recent} THEN {_DATE_KEY}
                                WHEN n.published_on IS NULL THEN n.id - {_UNDATED} END AS recent,
                           COUNT(*) AS matches
                    FROM search_indexrow n WHERE {self.where} AND {self.found}
                    GROUP BY 1, 2)
                  {_FACET_COUNTS}
                  UNION ALL
                  SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, array_agg(recent)
                  FROM c WHERE recent IS NOT NULL"""  # noqa: S608
        rows = self._fetch(sql, [*recent_params, *self.where_params, *self.found_params])
        collected = next((sorted(row[8] or [], reverse=True) for row in rows if row[0] is None),
                         [])
        return self._counter(rows), collected

    @staticmethod
    def _counter(rows) -> "_FacetCounter":
        counter = _FacetCounter()
        for grouping, kind, column_id, column, year, issuing_body, validity, count, _recent \
                in rows:
            if grouping is not None:
                counter.add_grouped(_GROUPED_FACET[grouping],
                                    (kind, column_id, year, issuing_body, validity), column,
                                    count or 0)  # no match at all: SUM of nothing is NULL
        return counter

    def _recent_cutoff(self) -> date | None:
        """The publication date of the RECENT_POOL-th newest entry (None: collect them all).
        Cached a few minutes per process: it only decides how much the first pass collects."""
        cached = _cutoffs.get(self.generation)
        if cached and time.monotonic() - cached[0] < CUTOFF_SECONDS:
            return cached[1]
        rows = self._fetch("""SELECT published_on FROM search_indexrow
            WHERE generation = %s AND published_on IS NOT NULL
            ORDER BY published_on DESC OFFSET %s LIMIT 1""", [self.generation, RECENT_POOL])
        cutoff = rows[0][0] if rows else None
        _cutoffs[self.generation] = (time.monotonic(), cutoff)
        return cutoff

    def _newest(self, collected, counter, count: int) -> list[int]:
        """The `count` newest matches' ids: from what the first pass collected when that is
        certain to hold them, else from a second pass."""
        dated = sum(1 for key in collected if _date_key_is_dated(key))
        # Every match left out is older than the collected dated ones; or nothing was left out.
        if dated >= count or len(collected) == counter.total:
            return [_date_key_id(key) for key in collected[:count]]
        rows = self._fetch(f"""SELECT n.id FROM search_indexrow n
            WHERE {self.where} AND {self.found}
            ORDER BY n.published_on DESC NULLS LAST, n.id DESC LIMIT %s""",  # noqa: S608
                           [*self.where_params, *self.found_params, count])
        return [row[0] for row in rows]

    # Steps 2 and 3: relevance -------------------------------------------------------------
    def _by_relevance(self, counter, _collected) -> list[int]:
        """The page asked for of all matches by relevance (`postings`): every match scored
        when there are few, else the top k by the threshold algorithm; then checked against
        the pages, asking for more when some stopped being public."""
        request = self.request
        end = request.offset + request.limit
        ranking = postings.plan_ranking(
            self.cursor, self.generation, pg_alternative_tsqueries(self.plan, self.pairs),
            self.wanted, (self.keys_sql, self.keys_params), (self.where, self.where_params))
        if counter.total <= postings.DIRECT_LIMIT:
            ids = [row[0] for row in self._fetch(
                f"SELECT n.id FROM search_indexrow n WHERE {self.where} AND {self.found}",  # noqa: S608
                [*self.where_params, *self.found_params])]
            ranked = postings.best(
                postings.score_entries(self.cursor, ranking, self.generation, ids), len(ids))
            if counter.total <= COMPLETE_CHECK:  # every match is checked: counts exact too
                return self._visible(ranked, counter, complete=True)[request.offset:end]
            return self._visible_prefix(ranked, end, counter)[0][request.offset:end]
        exact = []
        if self.keys_params:
            exact = [row[0] for row in self._fetch(
                f"SELECT n.id FROM search_indexrow n WHERE {self.where} AND {self.keys_sql} "  # noqa: S608
                "LIMIT %s", [*self.where_params, *self.keys_params, EXACT_CANDIDATES])]
        wanted = end
        while True:
            top = postings.top_k(self.cursor, ranking, self.generation, wanted, exact)
            shown = self._visible_prefix(top, end, counter)[0]
            if len(shown) >= end or len(top) < wanted:
                return shown[request.offset:end]
            wanted *= 2

    # Steps 2 and 3: date order ------------------------------------------------------------
    def _by_date(self, counter, collected) -> list[int]:
        request = self.request
        end = request.offset + request.limit
        if counter.total <= COMPLETE_CHECK:  # every match is listed and checked
            ordered = self._newest(collected, counter, counter.total)
            return self._visible(ordered, counter, complete=True)[request.offset:end]
        shown, _checked = self._visible_prefix(self._newest(collected, counter, end), end,
                                               counter)
        if len(shown) >= end:
            return shown[request.offset:end]
        return self._date_page(request.limit, request.offset)

    def _visible_prefix(self, ordered: list[int], wanted: int, counter) -> tuple[list, int]:
        """The first `wanted` ids of `ordered` whose pages are visible now (fewer if it runs
        out), and how many of `ordered` were checked."""
        shown, checked = [], 0
        while len(shown) < wanted and checked < len(ordered):
            batch = ordered[checked:checked + max(2 * (wanted - len(shown)), 20)]
            shown += self._visible(batch, counter, complete=False)
            checked += len(batch)
        return shown[:wanted], checked

    def _visible(self, ids: list[int], counter, complete: bool) -> list[int]:
        """The ids whose pages are visible now, in the given order; with `complete` (these are
        all the matches) the counts leave out the others."""
        if not ids:
            return []
        rows = self._fetch(f"""SELECT n.id, {VISIBLE}, f.kind, f.column_id, f."column", f.year,
                                      f.issuing_body, f.validity
            FROM search_indexrow n JOIN wagtailcore_page p ON p.id = n.page_id
            LEFT JOIN search_facetset f ON f.id = n.facet_set_id
            WHERE n.id = ANY(%s)""", [self.now, ids])  # noqa: S608
        shown = set()
        for pk, is_visible, *facets in rows:
            if is_visible:
                shown.add(pk)
            elif complete:
                counter.add(*facets, -1)
        return [pk for pk in ids if pk in shown]

    def _date_page(self, limit: int, offset: int, exclude=()) -> list[int]:
        """Matches newest first, checked against the pages in SQL (deep pages only)."""
        if limit <= 0:
            return []
        rows = self._fetch(f"""SELECT n.id FROM search_indexrow n
            JOIN wagtailcore_page p ON p.id = n.page_id
            WHERE {self.where} AND {self.found} AND n.id <> ALL(%s) AND {VISIBLE}
            ORDER BY n.published_on DESC NULLS LAST, n.id DESC LIMIT %s OFFSET %s""",  # noqa: S608
                           [*self.where_params, *self.found_params, list(exclude), self.now,
                            limit, offset])
        return [row[0] for row in rows]


# --- SQLite ------------------------------------------------------------------------------------

class _SQLiteSearch:
    """One search on SQLite (small sites): BM25 per word from FTS5, combined here.

    Each alternative of a group (a word and its other forms) is one FTS5 query with bm25 and
    the field weights (title, numbers and summary, body, attachments), weighted as the plan
    says (the word as typed fully, its other forms less; on a page that also holds the word
    as typed, its other forms count fully; when no page holds the word as typed, the best
    form found counts fully). A page holding at least `minimum_match` groups is a match;
    matches are ranked by how many groups they hold (OTHER_NAME_STEP less for each held only
    under another name), then by the summed score (with several words, plus TITLE_WORD_BONUS
    per word the title holds), lowered for repealed and expired documents and raised when
    the query's words stand together in the title; a page whose document or index number the
    query names comes first. Every match is read and
    checked against the pages, which a small site affords.
    """

    def __init__(self, request: SearchRequest):
        self.request = request
        self.plan = request.plan
        self.generation = IndexState.current().active_generation
        self.now = timezone.now()

    def run(self) -> SearchResults:
        matches = self._word_matches()
        wanted = self.plan.minimum_given(matches.found)
        candidates = {pk for pk, count in matches.coverage.items() if count >= wanted}
        with connection.cursor() as cursor:
            exact = self._exact(cursor)
            rows = self._visible_rows(cursor, candidates | exact)
        counter = _FacetCounter()
        ranked = []
        phrase = "".join(self.plan.words) if len(self.plan.groups) > 1 else ""
        for (pk, kind, column_id, column, year, issuing_body, validity, published_on,
             title) in rows:
            counter.add(kind, column_id, column, year, issuing_body, validity, 1)
            score = matches.scores.get(pk, 0.0)
            plain_title = normalise(title).replace(" ", "")
            if phrase:
                score += TITLE_WORD_BONUS * title_words(
                    self.plan, plain_title, matches.scales,
                    [pk in holders for holders in matches.typed])
            score *= VALIDITY_FACTOR.get(validity, 1) * KIND_FACTOR.get(kind, 1)
            if phrase and phrase in plain_title:
                score *= PHRASE_BONUS
            if pk in exact:
                score += EXACT_NUMBER_BONUS
            held = matches.coverage.get(pk, 0)
            score += COVERAGE_STEP * held - OTHER_NAME_STEP * (held - matches.named.get(pk, 0))
            day = published_on.toordinal() if hasattr(published_on, "toordinal") else \
                (date.fromisoformat(str(published_on)).toordinal() if published_on else 0)
            ranked.append((score, day, pk))
        if self.request.sort == "date":
            ranked.sort(key=lambda item: (-item[1], -item[0], -item[2]))
        else:
            ranked.sort(key=lambda item: (-item[0], -item[1], -item[2]))
        start = self.request.offset
        ids = [pk for _score, _day, pk in ranked[start:start + self.request.limit]]
        return SearchResults(hits=_entries_in_order(ids, self.plan), total=counter.total,
                             facets=counter.facets())

    def _word_matches(self) -> "_WordMatches":
        """Per group, one FTS5 query per form, combined: what `_WordMatches` holds."""
        matches = _WordMatches()
        with connection.cursor() as cursor:
            for group, weights in zip(self.plan.groups, self.plan.weights, strict=True):
                raw: dict[int, float] = {}  # the best BM25 of any form
                best: dict[int, float] = {}  # the best BM25 times the form's weight
                form: dict[int, float] = {}  # the weight of the best form held
                typed: set[int] = set()  # the entries holding the word as typed
                weights_found = []
                for alternative, weight in zip(group, weights, strict=True):
                    match = " AND ".join(_fts5_phrase(phrase) for phrase in alternative)
                    cursor.execute("SELECT rowid, -bm25(search_indexentry_fts, "  # noqa: S608
                                   f"{FTS5_WEIGHTS}) FROM search_indexentry_fts "
                                   "WHERE search_indexentry_fts MATCH %s", [match])
                    rows = cursor.fetchall()
                    if rows:
                        weights_found.append(weight)
                    for pk, score in rows:
                        # A match of a word whose score rounds to nothing still counts.
                        score = max(score, 1e-6)
                        raw[pk] = max(raw.get(pk, 0.0), score)
                        best[pk] = max(best.get(pk, 0.0), score * weight)
                        form[pk] = max(form.get(pk, 0.0), weight)
                        if weight >= 1:
                            typed.add(pk)
                # A page that uses the word as typed is about it: the other names it uses for
                # it (a title saying 预约诊疗 over a text saying 预约挂号) count as the word.
                for pk in typed:
                    best[pk] = raw[pk]
                # A word the site writes only in another of its forms (the word as typed is on
                # no page: '看牙', '卫计委') counts as much as the other words typed: the
                # best form found stands for it in full, the others keep their order below it.
                scale = 1 / max(weights_found) if weights_found else 1.0
                for pk, value in best.items():
                    matches.coverage[pk] += 1
                    matches.scores[pk] += value * scale
                    if form[pk] * scale >= ABBREVIATION_WEIGHT:
                        matches.named[pk] += 1
                matches.found.append(bool(best))
                matches.scales.append(scale)
                matches.typed.append(typed)
        return matches

    def _exact(self, cursor) -> set[int]:
        """Entries whose document or index number the query names."""
        if not self.plan.has_numbers:
            return set()
        key_sql, key_params = exact_keys(self.plan)
        cursor.execute(f"SELECT e.id FROM search_indexentry e WHERE e.generation = %s "  # noqa: S608
                       f"AND {key_sql}", [self.generation, *key_params])
        return {row[0] for row in cursor.fetchall()}

    def _visible_rows(self, cursor, ids: set[int]) -> list[tuple]:
        """What ranking and facets read of the entries that the public may see right now,
        with the facet filters and without the promoted pages."""
        if not ids:
            return []
        filters, filter_params = _filters(self.request)
        cursor.execute(f"""SELECT e.id, e.kind, e.column_id, e."column", e.year, e.issuing_body,
                                  e.validity, e.published_on, e.title
                           FROM search_indexentry e JOIN wagtailcore_page p ON p.id = e.page_id
                           WHERE e.id IN (SELECT value FROM json_each(%s))
                             AND e.generation = %s AND {VISIBLE} {filters}""",  # noqa: S608
                       [json.dumps(sorted(ids)), self.generation, self.now, *filter_params])
        return cursor.fetchall()


@dataclass
class _WordMatches:
    """What the FTS5 queries of one search found (`_SQLiteSearch._word_matches`)."""

    coverage: dict[int, int] = field(default_factory=lambda: defaultdict(int))  # groups held
    scores: dict[int, float] = field(default_factory=lambda: defaultdict(float))
    # Groups held under the name typed, that name shortened or written out, or the only name
    # the site uses (a form weighing ABBREVIATION_WEIGHT or more once scaled).
    named: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    found: list[bool] = field(default_factory=list)  # per group: any entry holds it
    scales: list[float] = field(default_factory=list)  # per group: its forms' weights raised by
    typed: list[set[int]] = field(default_factory=list)  # per group: entries holding it as typed


def title_words(plan: QueryPlan, plain_title: str, scales: list[float] | None = None,
                typed: list[bool] | None = None) -> float:
    """How many of the query's words the title holds, each by the weight of the best form of it
    found there (`plain_title`: normalised, without spaces), times the word's scale when
    given (`_SQLiteSearch._word_matches`); a form counts fully in the title of a page that
    holds the word as typed (`typed`, per word)."""
    held = 0.0
    for number, (group, weights) in enumerate(zip(plan.groups, plan.weights, strict=True)):
        form = max((weight for alternative, weight in zip(group, weights, strict=True)
                    if all("".join(phrase) in plain_title for phrase in alternative)),
                   default=0.0)
        if form and typed and typed[number]:
            form = 1.0
        held += form * (scales[number] if scales else 1.0)
    return held


def fts5_match(plan: QueryPlan) -> str:
    """An FTS5 MATCH expression in which every token is a quoted string."""
    groups = []
    for group in plan.groups:
        alternatives = []
        for alternative in group:
            phrases = [_fts5_phrase(phrase) for phrase in alternative]
            alternatives.append("(" + " AND ".join(phrases) + ")")
        groups.append("(" + " OR ".join(alternatives) + ")")
    return " AND ".join(groups)


def _fts5_phrase(phrase) -> str:
    return '"' + " ".join(token.replace('"', '""') for token in phrase) + '"'
