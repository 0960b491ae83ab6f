"""Two search backends behind one interface, chosen by settings.SEARCH_BACKEND.

- "database" (the default): the `IndexEntry` table with SQLite FTS5 or PostgreSQL full text.
- "elasticsearch": an elasticsearch-dsl Document behind an index alias (ELASTICSEARCH_URL).

Both take a `SearchRequest` and answer a `SearchResults`; the index itself is written by
`search.index`, which calls the backend's `mirror_*` methods so that Elasticsearch follows.
"""

from dataclasses import dataclass, field
from datetime import date
from functools import cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.safestring import SafeString

from search.query import QueryPlan

PER_PAGE = 10
FACETS = ("kind", "column", "year", "issuing_body", "validity")
SORTS = ("relevance", "date")


@dataclass
class SearchRequest:
    """One search: the plan, facet filters (facet name → value), sort order and the slice."""

    plan: QueryPlan
    filters: dict = field(default_factory=dict)
    sort: str = "relevance"
    offset: int = 0
    limit: int = PER_PAGE
    exclude_page_ids: tuple = ()


@dataclass
class Hit:
    """One result as the page shows it."""

    page_id: int
    url: str
    title: SafeString
    snippet: SafeString
    kind: str = ""
    column: str = ""
    column_id: int | None = None
    issuing_body: str = ""
    published_on: date | None = None
    validity: str = ""
    document_number: str = ""
    promoted: bool = False


@dataclass
class FacetValue:
    value: str
    label: str
    count: int


@dataclass
class SearchResults:
    hits: list[Hit]
    total: int
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)


class SearchBackend:
    """What every backend does."""

    def search(self, request: SearchRequest) -> SearchResults:
        raise NotImplementedError

    def mirror_upsert(self, page_ids: list[int]) -> None:
        """Copy these pages' active index entries to the backend's own store, if it has one."""

    def mirror_delete(self, page_ids: list[int]) -> None:
        """Remove these pages from the backend's own store, if it has one."""

    def mirror_rebuild(self, generation: int, changed_since=None) -> None:
        """Rebuild the backend's own store from the given generation, if it has one."""


@cache
def _backend(name: str) -> SearchBackend:
    if name == "database":
        from search.backends.database import DatabaseBackend

        return DatabaseBackend()
    if name == "elasticsearch":
        from search.backends.elastic import ElasticsearchBackend

        return ElasticsearchBackend(getattr(settings, "ELASTICSEARCH_URL", ""))
    raise ImproperlyConfigured(
        f"SEARCH_BACKEND 只能是 database 或 elasticsearch（got {name!r}）")


def get_backend() -> SearchBackend:
    """The backend settings.SEARCH_BACKEND names."""
    return _backend(getattr(settings, "SEARCH_BACKEND", "database"))
