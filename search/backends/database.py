"""The database backend: full text over jieba-segmented text in SQLite (FTS5) or PostgreSQL.

SQLite: the FTS5 table `search_indexentry_fts` mirrors the token columns of `IndexEntry` (an
external-content table kept in step by triggers; migration 0002), ranked with bm25.
PostgreSQL: the generated column `search_indexentry.search_vector` (a weighted tsvector built with
the 'simple' configuration over the space-joined tokens; GIN index), ranked with ts_rank.

Each query is joined on `wagtailcore_page` so that only pages that are live, unexpired and free
of view restrictions are ever returned, whatever the index holds. Every piece of user input is
a bound parameter; FTS5 terms are additionally quoted (`"..."`), so no query syntax gets through.
"""

from django.db import connection
from django.utils import timezone

from search.backends import FACETS, FacetValue, Hit, SearchBackend, SearchRequest, SearchResults
from search.highlight import highlight, snippet
from search.models import IndexEntry, IndexState
from search.query import QueryPlan

# Weights, most important first: title, numbers and metadata, body, attachments.
FTS5_WEIGHTS = "10.0, 4.0, 1.0, 0.3"
PG_WEIGHTS = "'{0.1, 0.4, 0.6, 1.0}'"  # D, C, B, A as ts_rank wants them
EXACT_NUMBER_BONUS = 1000
# On PostgreSQL, ts_rank reads each matching row's whole tsvector. When a query matches more
# pages than this (two very common words), relevance is ranked among the newest RANK_LIMIT
# matches and the exact document-number matches; counts and facets still cover every match.
RANK_LIMIT = 2000

_FILTER_COLUMNS = {"kind": "kind", "column": "column_id", "year": "year",
                   "issuing_body": "issuing_body", "validity": "validity"}


class DatabaseBackend(SearchBackend):
    """Searches `IndexEntry` with the database's own full-text engine."""

    def search(self, request: SearchRequest) -> SearchResults:
        if request.plan.is_empty:
            return SearchResults(hits=[], total=0, facets={name: [] for name in FACETS})
        compiler = _Compiler(request, connection.vendor)
        total, facets = self._facets(compiler)
        hits = self._hits(compiler, request, total)
        return SearchResults(hits=hits, total=total, facets=facets)

    def _facets(self, compiler) -> tuple[int, dict[str, list[FacetValue]]]:
        sql, params = compiler.matched(
            "e.kind, e.column_id, e.\"column\", e.year, e.issuing_body, e.validity")
        # Only fixed SQL of this module is interpolated; user input travels in `params`.
        facet_sql = f"""
            WITH m AS ({sql})
            SELECT 'total', NULL, NULL, COUNT(*) FROM m
            UNION ALL SELECT 'kind', kind, NULL, COUNT(*) FROM m WHERE kind <> '' GROUP BY kind
            UNION ALL SELECT 'column', CAST(column_id AS TEXT), MAX("column"), COUNT(*) FROM m
                WHERE column_id IS NOT NULL GROUP BY column_id
            UNION ALL SELECT 'year', CAST(year AS TEXT), NULL, COUNT(*) FROM m
                WHERE year IS NOT NULL GROUP BY year
            UNION ALL SELECT 'issuing_body', issuing_body, NULL, COUNT(*) FROM m
                WHERE issuing_body <> '' GROUP BY issuing_body
            UNION ALL SELECT 'validity', validity, NULL, COUNT(*) FROM m
                WHERE validity <> '' GROUP BY validity
        """  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(facet_sql, params)
            rows = cursor.fetchall()
        total, facets = 0, {name: [] for name in FACETS}
        for facet, value, label, count in rows:
            if facet == "total":
                total = count
            else:
                facets[facet].append(FacetValue(str(value), label or str(value), count))
        for name, values in facets.items():
            if name == "year":
                values.sort(key=lambda item: item.value, reverse=True)
            else:
                values.sort(key=lambda item: (-item.count, item.label))
        return total, facets

    def _hits(self, compiler, request: SearchRequest, total: int) -> list[Hit]:
        postgresql = connection.vendor == "postgresql"
        if request.sort == "date":
            # Date order needs no ranking of every match (ts_rank reads each whole tsvector).
            sql, params = compiler.matched("e.id, e.published_on", with_score=not postgresql)
            order = "published_on DESC NULLS LAST, id DESC" if postgresql \
                else "published_on DESC, score DESC, id DESC"
        else:
            if postgresql and total > RANK_LIMIT:
                compiler.only_ids = self._newest_candidates(compiler)
            sql, params = compiler.matched("e.id, e.published_on", with_score=True)
            order = "score DESC, published_on DESC, id DESC"
            if postgresql:
                order = order.replace("published_on DESC", "published_on DESC NULLS LAST")
        page_sql = f"SELECT id FROM ({sql}) AS m ORDER BY {order} LIMIT %s OFFSET %s"  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(page_sql, [*params, request.limit, request.offset])
            ids = [row[0] for row in cursor.fetchall()]
        compiler.only_ids = None
        entries = IndexEntry.objects.in_bulk(ids)
        terms = request.plan.highlight_terms()
        return [hit_from_entry(entries[pk], terms) for pk in ids if pk in entries]

    def _newest_candidates(self, compiler) -> list[int]:
        """Exact document-number matches plus the RANK_LIMIT newest matches (PostgreSQL)."""
        sql, params = compiler.matched("e.id, e.published_on")
        newest = f"SELECT id FROM ({sql}) AS m ORDER BY published_on DESC NULLS LAST, id DESC LIMIT %s"  # noqa: S608
        key_sql, key_params = compiler.exact_keys()
        exact = f"SELECT e.id FROM search_indexentry e WHERE e.generation = %s AND {key_sql}"  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(newest, [*params, RANK_LIMIT])
            ids = [row[0] for row in cursor.fetchall()]
            cursor.execute(exact, [compiler.generation, *key_params])
            ids += [row[0] for row in cursor.fetchall()]
        return ids


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


# The page is live, not expired, and neither it nor an ancestor has a view restriction.
VISIBLE = """p.live AND NOT p.expired AND (p.expire_at IS NULL OR p.expire_at > %s)
    AND NOT EXISTS (SELECT 1 FROM wagtailcore_pageviewrestriction r
                    JOIN wagtailcore_page rp ON rp.id = r.page_id
                    WHERE substr(p.path, 1, length(rp.path)) = rp.path)"""


class _Compiler:
    """Builds the SQL of the matching set for one request, with its parameters."""

    def __init__(self, request: SearchRequest, vendor: str):
        self.request = request
        self.plan: QueryPlan = request.plan
        self.vendor = vendor
        self.generation = IndexState.current().active_generation
        self.now = timezone.now()
        self.only_ids: list[int] | None = None

    def matched(self, columns: str, with_score: bool = False) -> tuple[str, list]:
        """SELECT <columns>[, score] of every visible entry that matches, with the filters."""
        if self.vendor == "postgresql":
            return self._postgresql(columns, with_score)
        return self._sqlite(columns, with_score)

    def _sqlite(self, columns, with_score):
        params: list = []
        key_sql, key_params = self.exact_keys()
        match = fts5_match(self.plan)
        if match:
            fts = ("(SELECT rowid AS id, -bm25(search_indexentry_fts, "  # noqa: S608
                   f"{FTS5_WEIGHTS}) AS score FROM search_indexentry_fts "
                   "WHERE search_indexentry_fts MATCH %s)")
            params.append(match)
            join = f"LEFT JOIN {fts} f ON f.id = e.id"
            found = f"(f.id IS NOT NULL OR {key_sql})"
            score = f"COALESCE(f.score, 0) + CASE WHEN {key_sql} THEN {EXACT_NUMBER_BONUS} ELSE 0 END"
            params_score = key_params
            params_found = key_params
        else:
            join, found, score = "", key_sql, f"{EXACT_NUMBER_BONUS}"
            params_score, params_found = [], key_params
        select = f"{columns}, {score} AS score" if with_score else columns
        filters, filter_params = self._filters()
        sql = f"""SELECT {select} FROM search_indexentry e {join}
                  JOIN wagtailcore_page p ON p.id = e.page_id
                  WHERE e.generation = %s AND {found} AND {VISIBLE} {filters}"""  # noqa: S608
        # Parameter order follows the text: score (in SELECT), the FTS subquery, then WHERE.
        ordered = (params_score if with_score else []) + params + [self.generation] \
            + params_found + [self.now] + filter_params
        return sql, ordered

    def _postgresql(self, columns, with_score):
        key_sql, key_params = self.exact_keys()
        tsquery, tsquery_params = pg_tsquery(self.plan)
        if tsquery:
            found = f"(e.search_vector @@ ({tsquery}) OR {key_sql})"
            found_params = tsquery_params + key_params
            score = (f"ts_rank({PG_WEIGHTS}, e.search_vector, ({tsquery})) + "
                     f"CASE WHEN {key_sql} THEN {EXACT_NUMBER_BONUS} ELSE 0 END")
            score_params = tsquery_params + key_params
        else:
            found, found_params = key_sql, key_params
            score, score_params = f"{EXACT_NUMBER_BONUS}", []
        select = f"{columns}, {score} AS score" if with_score else columns
        filters, filter_params = self._filters()
        sql = f"""SELECT {select} FROM search_indexentry e
                  JOIN wagtailcore_page p ON p.id = e.page_id
                  WHERE e.generation = %s AND {found} AND {VISIBLE} {filters}"""  # noqa: S608
        params = (score_params if with_score else []) + [self.generation] + found_params \
            + [self.now] + filter_params
        return sql, params

    def exact_keys(self) -> tuple[str, list]:
        parts, params = [], []
        if self.plan.document_keys:
            parts.append("e.document_number_key IN (%s)" % ", ".join(["%s"] * len(self.plan.document_keys)))  # noqa: S608, UP031
            params += self.plan.document_keys
        if self.plan.index_keys:
            parts.append("e.index_number_key IN (%s)" % ", ".join(["%s"] * len(self.plan.index_keys)))  # noqa: S608, UP031
            params += self.plan.index_keys
        if not parts:
            return "(1 = 0)", []
        return "(" + " OR ".join(parts) + ")", params

    def _filters(self) -> tuple[str, list]:
        sql, params = [], []
        for name, value in self.request.filters.items():
            column = _FILTER_COLUMNS.get(name)
            if column is None or value in (None, ""):
                continue
            sql.append(f"AND e.{column} = %s")
            params.append(value)
        if self.only_ids is not None:
            sql.append("AND e.id = ANY(%s)")
            params.append(list(self.only_ids))
        if self.request.exclude_page_ids:
            ids = list(self.request.exclude_page_ids)
            sql.append("AND e.page_id NOT IN (%s)" % ", ".join(["%s"] * len(ids)))  # noqa: UP031
            params += ids
        return " ".join(sql), params


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


def pg_tsquery(plan: QueryPlan) -> tuple[str, list]:
    """A tsquery expression built from phraseto_tsquery('simple', %s) calls, and its params."""
    groups, params = [], []
    for group in plan.groups:
        alternatives = []
        for alternative in group:
            phrases = []
            for phrase in alternative:
                phrases.append("phraseto_tsquery('simple', %s)")
                params.append(" ".join(phrase))
            alternatives.append("(" + " && ".join(phrases) + ")")
        groups.append("(" + " || ".join(alternatives) + ")")
    return " && ".join(groups), params
