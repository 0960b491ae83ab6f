"""The Elasticsearch backend (elasticsearch-dsl 8.18): for sites with many documents.

The index is reached through an alias (settings.SEARCH_ELASTICSEARCH_INDEX, default
"disclosure-pages"); a rebuild fills a new concrete index and swaps the alias in one atomic
request, so searches never see a half-built index.

Text analysis (settings.SEARCH_ELASTICSEARCH_ANALYZER):
- "whitespace" (default): the fields hold jieba's segmented tokens and the server only splits on
  spaces — works on any Elasticsearch without plugins, and is segmented exactly as the database
  backend and the queries are;
- "ik_smart" or "smartcn": the fields hold the original text and the named analysis plugin
  segments it (the plugin must be installed on the cluster).

Elasticsearch ranks and counts the facets; the page's current visibility and what a result
shows come from the database (`visible_entries`), so a page that stopped being public is never
shown even before its update reaches the cluster. When the cluster cannot be reached the
database backend answers instead.
"""

import logging
import os

from django.conf import settings
from django.utils import timezone
from django.utils.safestring import mark_safe
from elasticsearch import ApiError, Elasticsearch, TransportError
from elasticsearch.helpers import bulk
from elasticsearch_dsl import Date, Document, Index, Integer, Keyword, Q, Search, Text, analyzer

from search.backends import FACETS, FacetValue, SearchBackend, SearchRequest, SearchResults
from search.backends.database import (
    COVERAGE_STEP,
    KIND_FACTOR,
    PHRASE_BONUS,
    TITLE_WORD_BONUS,
    VALIDITY_FACTOR,
    DatabaseBackend,
    hit_from_entry,
    visible_entries,
)
from search.models import IndexEntry, IndexState
from search.query import QueryPlan

logger = logging.getLogger(__name__)

ANALYZERS = ("whitespace", "ik_smart", "smartcn")
DEFAULT_ALIAS = "disclosure-pages"
# Field boosts, most important first: title, numbers and metadata, body, attachments.
FIELDS = ["title^10", "meta^4", "body", "attachments^0.3"]
EXACT_NUMBER_BOOST = 1000  # as the database backend's EXACT_NUMBER_BONUS
FACET_SIZE = 50
BULK_CHUNK = 500

SEGMENTED = analyzer("segmented", tokenizer="whitespace", filter=["lowercase"])


class PageDocument(Document):
    """One indexed page as Elasticsearch holds it (whitespace analysis of jieba tokens)."""

    page_id = Integer()
    title = Text(analyzer=SEGMENTED)
    meta = Text(analyzer=SEGMENTED)
    body = Text(analyzer=SEGMENTED, term_vector="with_positions_offsets")
    attachments = Text(analyzer=SEGMENTED)
    document_number_key = Keyword()
    index_number_key = Keyword()
    kind = Keyword()
    column = Keyword()
    column_id = Integer()
    column_facet = Keyword()  # "<column id>|<column title>", so one aggregation gives both
    issuing_body = Keyword()
    validity = Keyword()
    year = Integer()
    published_on = Date()

    class Index:
        name = DEFAULT_ALIAS


TEXT_FIELDS = ("title", "meta", "body", "attachments")


def index_definition(name: str, analyzer_name: str = "whitespace") -> Index:
    """A concrete index with PageDocument's mapping, its text fields on the chosen analyzer."""
    if analyzer_name not in ANALYZERS:
        raise ValueError(f"SEARCH_ELASTICSEARCH_ANALYZER must be one of {ANALYZERS}")
    index = Index(name)
    index.settings(number_of_shards=1, number_of_replicas=0)
    mapping = PageDocument._doc_type.mapping._clone()
    if analyzer_name != "whitespace":
        for field in TEXT_FIELDS:
            mapping.field(field, Text(analyzer=analyzer_name))
    index.mapping(mapping)
    return index


def document_source(entry: IndexEntry, analyzer_name: str = "whitespace") -> dict:
    """The _source of one page: segmented tokens, or the original text for a plugin analyzer."""
    if analyzer_name == "whitespace":
        text = {"title": entry.title_tokens, "meta": entry.meta_tokens,
                "body": entry.body_tokens, "attachments": entry.attachment_tokens}
    else:
        meta = " ".join(filter(None, [entry.document_number, entry.index_number, entry.summary,
                                      entry.subject, entry.issuing_body, entry.column,
                                      entry.kind]))
        text = {"title": entry.title, "meta": meta, "body": entry.body,
                "attachments": entry.attachments_text}
    return {
        "page_id": entry.page_id, **text,
        "document_number_key": entry.document_number_key or None,
        "index_number_key": entry.index_number_key or None,
        "kind": entry.kind or None, "column": entry.column or None,
        "column_id": entry.column_id,
        "column_facet": f"{entry.column_id}|{entry.column}" if entry.column_id else None,
        "issuing_body": entry.issuing_body or None, "validity": entry.validity or None,
        "year": entry.year, "published_on": entry.published_on,
    }


def build_search(request: SearchRequest, analyzer_name: str = "whitespace",
                 wanted: int | None = None) -> Search:
    """The Search (query, filters, aggregations, highlighting, sort, slice) for a request; a
    page must hold `wanted` of the query's words (default: `QueryPlan.minimum_match`)."""
    search = Search().query(_query(request.plan, analyzer_name, wanted))
    filters = {"kind": "kind", "column": "column_id", "year": "year",
               "issuing_body": "issuing_body", "validity": "validity"}
    for name, value in request.filters.items():
        if name in filters and value not in (None, ""):
            search = search.filter("term", **{filters[name]: value})
    if request.exclude_page_ids:
        search = search.exclude("terms", page_id=list(request.exclude_page_ids))
    for name, field in (("kind", "kind"), ("column", "column_facet"), ("year", "year"),
                        ("issuing_body", "issuing_body"), ("validity", "validity")):
        search.aggs.bucket(name, "terms", field=field, size=FACET_SIZE)
    if analyzer_name != "whitespace":
        # The fields hold the original text: the server's fragments read as written.
        search = search.highlight_options(pre_tags=["<mark>"], post_tags=["</mark>"],
                                          encoder="html", number_of_fragments=1,
                                          fragment_size=120)
        search = search.highlight("body", "attachments")
    by_date = {"published_on": {"order": "desc", "missing": "_last"}}
    search = search.sort(*(["_score", by_date] if request.sort == "relevance"
                           else [by_date, "_score"]))
    search = search.extra(track_total_hits=True, _source=["page_id"])
    return search[request.offset:request.offset + request.limit]


def group_queries(plan: QueryPlan, analyzer_name: str = "whitespace") -> list:
    """One query per word of the plan: any of its forms, each as phrases over the weighted
    fields, scored by the best form found times the form's weight (the database backend's
    `QueryPlan.weights`)."""
    groups = []
    for group, weights in zip(plan.groups, plan.weights, strict=True):
        alternatives = []
        for alternative, weight in zip(group, weights, strict=True):
            phrases = [Q("multi_match", query=_phrase_text(phrase, analyzer_name),
                         type="phrase", fields=FIELDS) for phrase in alternative]
            alternatives.append(Q("bool", must=phrases, boost=weight))
        groups.append(Q("dis_max", queries=alternatives))
    return groups


def _query(plan: QueryPlan, analyzer_name: str, wanted: int | None = None):
    """The same ranking as the database backend (`search.backends.database`): pages holding
    more of the words first (COVERAGE_STEP per word held), then relevance with the field
    weights, a bonus per word the title holds when several were typed, all times the validity
    and page-type factors (a repealed or expired document below a current one of equal
    relevance) and PHRASE_BONUS for the words together in the title; a page whose document or
    index number the query names above everything (EXACT_NUMBER_BOOST)."""
    groups = group_queries(plan, analyzer_name)
    should = []
    if groups:
        wanted = plan.minimum_match if wanted is None else wanted
        several = len(groups) > 1
        relevance = [*groups]
        if several:
            relevance += [_title_bonus(group, weights, analyzer_name)
                          for group, weights in zip(plan.groups, plan.weights, strict=True)]
        functions = [{"filter": Q("term", validity=label), "weight": factor}
                     for label, factor in VALIDITY_FACTOR.items()]
        functions += [{"filter": Q("term", kind=label), "weight": factor}
                      for label, factor in KIND_FACTOR.items()]
        if several:
            functions.append({"filter": Q("match_phrase", title=_phrase_text(
                tuple(plan.words), analyzer_name)), "weight": PHRASE_BONUS})
        should.append(Q(
            "bool",
            filter=[Q("bool", should=groups, minimum_should_match=min(wanted, len(groups)))],
            should=[*(Q("constant_score", filter=group, boost=COVERAGE_STEP)
                      for group in groups),
                    Q("function_score", query=Q("bool", should=relevance),
                      functions=functions, score_mode="multiply", boost_mode="multiply")]))
    if plan.document_keys:
        should.append(Q("constant_score", filter=Q("terms", document_number_key=plan.document_keys),
                        boost=EXACT_NUMBER_BOOST))
    if plan.index_keys:
        should.append(Q("constant_score", filter=Q("terms", index_number_key=plan.index_keys),
                        boost=EXACT_NUMBER_BOOST))
    for suffix in plan.number_suffixes:  # digits and '-' only (numbers.bare_numbers_in_query)
        should.append(Q("constant_score", filter=Q("wildcard", document_number_key=f"*{suffix}"),
                        boost=EXACT_NUMBER_BOOST))
    return Q("bool", should=should, minimum_should_match=1)


def _title_bonus(group, weights, analyzer_name: str):
    """TITLE_WORD_BONUS times the weight of the best form of one word that the title holds."""
    return Q("dis_max", queries=[
        Q("constant_score", boost=TITLE_WORD_BONUS * weight, filter=Q("bool", must=[
            Q("match_phrase", title=_phrase_text(phrase, analyzer_name))
            for phrase in alternative]))
        for alternative, weight in zip(group, weights, strict=True)])


def _phrase_text(phrase, analyzer_name: str) -> str:
    return " ".join(phrase) if analyzer_name == "whitespace" else "".join(phrase)


class ElasticsearchBackend(SearchBackend):
    """Searches and mirrors the index in Elasticsearch; falls back to the database if it fails."""

    def __init__(self, url: str):
        self.url = url
        self.alias = setting("SEARCH_ELASTICSEARCH_INDEX", DEFAULT_ALIAS)
        self.analyzer_name = setting("SEARCH_ELASTICSEARCH_ANALYZER", "whitespace")
        self._client = None

    @property
    def client(self) -> Elasticsearch:
        if self._client is None:
            if not self.url:
                raise TransportError("ELASTICSEARCH_URL is not set")
            self._client = Elasticsearch(self.url, request_timeout=10)
        return self._client

    # --- searching -----------------------------------------------------------------------
    def search(self, request: SearchRequest) -> SearchResults:
        if request.plan.is_empty:
            return SearchResults(hits=[], total=0, facets={name: [] for name in FACETS})
        try:
            wanted = self._wanted(request.plan)
            response = build_search(request, self.analyzer_name, wanted).using(self.client) \
                .index(self.alias).execute()
        except (ApiError, TransportError):
            logger.exception("Elasticsearch 检索失败，改用数据库检索")
            return DatabaseBackend().search(request)
        page_ids = [hit.page_id for hit in response.hits]
        entries = visible_entries(page_ids)
        terms = request.plan.highlight_terms()
        hits = []
        for es_hit in response.hits:
            entry = entries.get(es_hit.page_id)
            if entry is None:
                continue
            hit = hit_from_entry(entry, terms)
            fragments = getattr(getattr(es_hit.meta, "highlight", None), "body", None)
            if fragments:
                hit.snippet = mark_safe(fragments[0])  # noqa: S308 - encoder="html" escaped it
            hits.append(hit)
        return SearchResults(hits=hits, total=response.hits.total.value,
                             facets=facets_from(response.aggregations.to_dict()))

    def _wanted(self, plan: QueryPlan) -> int:
        """How many words a match must hold (`QueryPlan.minimum_given`): when fewer than all
        are needed, one multi-search asks whether the index holds each word at all."""
        groups = group_queries(plan, self.analyzer_name)
        if plan.minimum_match >= len(groups):
            return len(groups)
        searches = []
        for group in groups:
            searches += [{"index": self.alias},
                         {"query": group.to_dict(), "size": 0, "terminate_after": 1,
                          "track_total_hits": 1}]
        responses = self.client.msearch(searches=searches)["responses"]
        found = [response.get("hits", {}).get("total", {}).get("value", 0) > 0
                 for response in responses]
        return plan.minimum_given(found)

    # --- keeping the mirror -----------------------------------------------------------------
    def mirror_upsert(self, page_ids: list[int]) -> None:
        self._ensure_alias()
        generation = IndexState.current().active_generation
        entries = IndexEntry.objects.filter(page_id__in=page_ids, generation=generation)
        bulk(self.client, (self._action(entry, self.alias) for entry in entries),
             refresh="wait_for")

    def mirror_delete(self, page_ids: list[int]) -> None:
        if not self.client.indices.exists_alias(name=self.alias):
            return
        actions = ({"_op_type": "delete", "_index": self.alias, "_id": page_id}
                   for page_id in page_ids)
        bulk(self.client, actions, raise_on_error=False, refresh="wait_for")

    def mirror_rebuild(self, generation: int, changed_since=None) -> None:
        name = f"{self.alias}-{timezone.now():%Y%m%d%H%M%S%f}"
        index_definition(name, self.analyzer_name).create(using=self.client)
        entries = IndexEntry.objects.filter(generation=generation).iterator(chunk_size=BULK_CHUNK)
        bulk(self.client, (self._action(entry, name) for entry in entries),
             chunk_size=BULK_CHUNK)
        self.client.indices.refresh(index=name)
        old = list(self.client.indices.get_alias(name=self.alias).keys()) \
            if self.client.indices.exists_alias(name=self.alias) else []
        actions = [{"remove": {"index": index, "alias": self.alias}} for index in old]
        actions.append({"add": {"index": name, "alias": self.alias}})
        self.client.indices.update_aliases(actions=actions)
        for index in old:
            self.client.indices.delete(index=index, ignore_unavailable=True)
        if changed_since is not None:
            changed = IndexEntry.objects.filter(generation=generation,
                                                indexed_at__gte=changed_since)
            self.mirror_upsert(list(changed.values_list("page_id", flat=True)))

    def _ensure_alias(self) -> None:
        if not self.client.indices.exists_alias(name=self.alias):
            name = f"{self.alias}-{timezone.now():%Y%m%d%H%M%S%f}"
            index_definition(name, self.analyzer_name).create(using=self.client)
            self.client.indices.put_alias(index=name, name=self.alias)

    def _action(self, entry: IndexEntry, index: str) -> dict:
        source = document_source(entry, self.analyzer_name)
        if source["published_on"] is not None:
            source["published_on"] = source["published_on"].isoformat()
        return {"_op_type": "index", "_index": index, "_id": entry.page_id, "_source": source}


def setting(name: str, default: str) -> str:
    """A Django setting, else the environment variable of the same name, else the default."""
    return getattr(settings, name, None) or os.environ.get(name) or default


def facets_from(aggregations: dict) -> dict[str, list[FacetValue]]:
    """FacetValues from the terms aggregations of a response."""
    facets = {}
    for name in FACETS:
        values = []
        for bucket in aggregations.get(name, {}).get("buckets", []):
            key = str(bucket["key"])
            if name == "column":
                value, _sep, label = key.partition("|")
            else:
                value, label = key, key
            values.append(FacetValue(value, label, bucket["doc_count"]))
        if name == "year":
            values.sort(key=lambda item: item.value, reverse=True)
        facets[name] = values
    return facets
