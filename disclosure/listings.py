"""What the public catalogue pages show: the column tree, a column's filtered listing, the latest
items. Only live, public pages ever appear; drafts and scheduled pages never do."""

import functools
from dataclasses import dataclass

from django import forms
from django.apps import apps
from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import BooleanField, Case, Count, DateField, F, When
from django.db.models.functions import Coalesce, ExtractYear, TruncDate
from django.utils.functional import SimpleLazyObject
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Site, get_page_models

from disclosure import listing_cache
from disclosure.models import (
    CatalogueColumn,
    DisclosureItem,
)
from disclosure.models.policy import SUBJECT_CHOICES, VALIDITY_CHOICES
from disclosure.publicity import public_only
from workdays.local_time import LOCAL_TIME_ZONE

ITEMS_PER_PAGE = 20
# The filters on a policy document's own fields, besides the year every entry has.
FIELDS = ("issuing_body", "subject", "validity")


# --- entry points used by the page types' get_context ----------------------------------------


def catalogue_context(catalogue, request) -> dict:
    """The catalogue root: its column tree, and the ways to the annual reports and applications."""
    columns = list(CatalogueColumn.objects.descendant_of(catalogue).live().public()
                   .order_by("path"))
    counts = _item_counts(columns)
    for column in columns:
        column.item_count = counts.get(column.pk, 0)
    return {
        "column_tree": _tree(catalogue, columns),
        "application_page": _first_live_page_of(["applications.ApplicationPage"]),
        "annual_reports_page": _annual_reports_page(),
        "latest_items": latest_items(limit=8, within=catalogue, specific=False),
    }


def column_context(column, request) -> dict:
    """A column: its sub-columns, and its live items filtered by year, subject, issuing body
    and validity, newest first, 20 to a page.

    The filter choices and the entry counts come from one query (`ColumnFacets`), kept for the
    generation of the public pages (disclosure.listing_cache); the sub-columns and the page of
    entries are read only when the template makes the listing, which it takes from the cache
    under `listing_cache_key` when there is one (issue 21)."""
    generation = listing_cache.generation()
    column_items = functools.cache(lambda: public_items().descendant_of(column))
    facets = ColumnFacets.for_column(column, column_items, generation)
    form = ColumnFilterForm(request.GET or None, facets=facets)
    values = form.valid_filters()
    paginator = Paginator(_Entries(column_items, values), ITEMS_PER_PAGE)
    paginator.count = facets.count(values)
    page_obj = paginator.get_page(request.GET.get("page"))
    querystring = _querystring_without_page(request)
    return {
        "subcolumns": SimpleLazyObject(lambda: list(
            public_only(column.get_children().live().type(CatalogueColumn)))),
        "filter_form": form,
        "has_documents": facets.has_documents,
        "items": page_obj,
        "querystring": querystring,
        "listing_cache_key": listing_cache_key(column, request, generation, form, page_obj,
                                               querystring),
        "listing_cache_seconds": settings.SITE_CACHE_SECONDS,
    }


def listing_cache_key(column, request, generation, form, page_obj, querystring) -> str | None:
    """The key of the column's listing in the listing cache, or None where it must be made
    afresh: the cache is off, a preview, a filter value the column does not offer, a query
    string with other or repeated parameters (so that only combinations of the column's own
    values are ever kept), or a column in a restricted section (never cached)."""
    if generation is None or getattr(request, "is_preview", False):
        return None
    if form.is_bound and form.errors:
        return None
    allowed = {*ColumnFilterForm.base_fields, "page"}
    if any(name not in allowed or len(request.GET.getlist(name)) > 1 for name in request.GET):
        return None
    if column.get_view_restrictions():  # no query for a page routed by HomePage.route
        return None
    site = Site.find_for_request(request)
    return ":".join([generation, str(site.pk if site else ""), str(column.pk),
                     str(page_obj.number), "1" if request.GET else "0", querystring])


def public_items():
    """Every live, public catalogue entry, with `public_date` (the document's 发布日期, else the
    day it was first published) to sort and filter by, and what a listing shows of a policy
    document (`document_number`, `validity`)."""
    first_published_day = TruncDate("first_published_at", tzinfo=LOCAL_TIME_ZONE)
    return (
        public_only(DisclosureItem.objects.live())
        .annotate(public_date=Coalesce(F("policydocument__published_on"), first_published_day,
                                       output_field=DateField()),
                  document_number=F("policydocument__document_number"),
                  validity=F("policydocument__validity"))
        .order_by("-public_date", "-first_published_at", "-pk")
    )


def latest_items(limit=10, within=None, *, specific=True):
    """The newest live, public entries (optionally under one page), as their specific pages;
    with `specific=False`, as listed (`_listed`: one query, enough for item_list.html)."""
    items = public_items()
    if within is not None:
        items = items.descendant_of(within)
    return _specific(items[:limit]) if specific else _listed(items[:limit])


# --- the column's filters ----------------------------------------------------------------------


@dataclass
class ColumnFacets:
    """What a column's filters offer, read in one query: the years of its entries (newest
    first), the issuing bodies of its policy documents, whether it has any, and how many entries
    each combination of filters leaves (so that no listing needs a COUNT query of its own)."""

    years: list[int]
    bodies: list[str]
    has_documents: bool
    # One row per (year, issuing_body, subject, validity) with its number of entries.
    rows: list[tuple]

    @classmethod
    def for_column(cls, column, column_items, generation):
        """The facets of `column` (whose entries `column_items()` returns), from the listing
        cache when `generation` is given."""
        key = f"disclosure:column-facets:{generation}:{column.pk}"
        facets = listing_cache.get(key) if generation else None
        if facets is None:
            facets = cls.of(column_items())
            if generation:
                listing_cache.put(key, facets)
        return facets

    @classmethod
    def of(cls, items):
        rows = list(items.annotate(
            year=ExtractYear("public_date"),
            is_document=Case(When(policydocument__isnull=False, then=True), default=False,
                             output_field=BooleanField()))
            .order_by().values_list("year", *(f"policydocument__{name}" for name in FIELDS),
                                    "is_document")
            .annotate(entries=Count("pk")))
        return cls(years=sorted({row[0] for row in rows if row[0]}, reverse=True),
                   bodies=sorted({row[1] for row in rows if row[1]}),
                   has_documents=any(row[-2] for row in rows),
                   rows=[row[:-2] + (row[-1],) for row in rows])

    def count(self, filters: dict) -> int:
        """How many entries the filters (`ColumnFilterForm.valid_filters`) leave."""
        positions = {"year": 0, **{name: number for number, name in enumerate(FIELDS, 1)}}
        return sum(row[-1] for row in self.rows
                   if all(row[positions[name]] == value for name, value in filters.items()))


class FilterSelect(forms.Select):
    """Django's Select with the same markup, made in Python: the stock template renders every
    option through a template include of its own, which cost a fifth of a column page's CPU for
    its four short lists (issue 21). Grouped choices are left to the stock template."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        if any(group_name for group_name, _, _ in widget["optgroups"]):
            return super().render(name, value, attrs, renderer)
        options = [format_html('\n  <option value="{}"{}>{}</option>\n',
                               str(option["value"]), _attributes(option["attrs"]),
                               option["label"])
                   for _, group, _ in widget["optgroups"] for option in group]
        return format_html('<select name="{}"{}>{}\n</select>', widget["name"],
                           _attributes(widget["attrs"]), mark_safe("".join(options)))  # noqa: S308 (each option made by format_html)


def _attributes(attrs):
    """As django/forms/widgets/attrs.html writes them, in their order: True is the bare name,
    False leaves the attribute out."""
    return format_html_join("", "{}", (
        (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, str(value)),)
        for name, value in attrs.items() if value is not False))


class ColumnFilterForm(forms.Form):
    """The filters of a column listing. A bad value is reported and that filter ignored."""

    year = forms.TypedChoiceField(label=_("年份"), required=False, coerce=int, empty_value=None,
                                  widget=FilterSelect)
    subject = forms.ChoiceField(label=_("主题分类"), required=False, widget=FilterSelect)
    issuing_body = forms.ChoiceField(label=_("发文机关"), required=False, widget=FilterSelect)
    validity = forms.ChoiceField(label=_("有效性"), required=False, widget=FilterSelect)

    def __init__(self, *args, facets, **kwargs):
        super().__init__(*args, **kwargs)
        any_choice = [("", _("全部"))]
        self.fields["year"].choices = any_choice + [(y, str(y)) for y in facets.years]
        self.with_documents = facets.has_documents
        if facets.has_documents:
            self.fields["subject"].choices = any_choice + list(SUBJECT_CHOICES)
            self.fields["issuing_body"].choices = any_choice + [(b, b) for b in facets.bodies]
            self.fields["validity"].choices = any_choice + list(VALIDITY_CHOICES)
        else:
            for name in ("subject", "issuing_body", "validity"):
                del self.fields[name]

    def valid_filters(self) -> dict:
        """The filters given with a valid value; a bad value is reported by the form and that
        filter ignored."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items()
                if value not in (None, "")}


def filtered(items, filters: dict):
    """`items` under the filters of `ColumnFilterForm.valid_filters`."""
    if "year" in filters:
        items = items.filter(public_date__year=filters["year"])
    for name in FIELDS:
        if name in filters:
            items = items.filter(**{f"policydocument__{name}": filters[name]})
    return items


class _Entries:
    """A column's entries under the filters, as the paginator slices them: the slice of one
    page is read from the database only when the listing is drawn, not when the listing comes
    from the cache (and the paginator's count comes from `ColumnFacets`)."""

    def __init__(self, column_items, filters):
        self.column_items, self.filters = column_items, filters

    def __getitem__(self, key):
        return SimpleLazyObject(lambda: _listed(
            filtered(self.column_items(), self.filters)[key]))


# --- helpers -------------------------------------------------------------------------------------


def _listed(items):
    """The entries as a listing shows them (item_list.html): the annotated catalogue entries
    of `public_items`, each with `validity_label`, without a query per page type."""
    labels = dict(VALIDITY_CHOICES)
    items = list(items)
    for item in items:
        item.validity_label = labels.get(item.validity, "")
    return items


def _specific(items):
    """The specific pages of `items`, keeping the order and the `public_date` annotation."""
    items = list(items)
    dates = {item.pk: getattr(item, "public_date", None) for item in items}
    specific = {page.pk: page for page in Page.objects.filter(pk__in=dates).specific()}
    result = []
    for item in items:
        page = specific.get(item.pk)
        if page is not None:
            page.public_date = dates[item.pk]
            result.append(page)
    return result


def _item_counts(columns):
    counts = {}
    for column in columns:
        counts[column.pk] = DisclosureItem.objects.descendant_of(column).live().public().count()
    return counts


def _tree(root, columns):
    """Nest `columns` (ordered by path) under `root`: a list of {"column", "children"}."""
    nodes = {root.path: {"children": []}}
    for column in columns:
        node = {"column": column, "children": []}
        parent = nodes.get(column.path[:-column.steplen])
        if parent is not None:
            parent["children"].append(node)
            nodes[column.path] = node
    return nodes[root.path]["children"]


def _first_live_page_of(labels):
    for label in labels:
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            continue
        page = model.objects.live().public().order_by("depth", "path").first()
        if page is not None:
            return page
    return None


def _annual_reports_page():
    """The annual reports' page, whichever app provides it: the shallowest live page whose type
    is named after annual reports (年度报告)."""
    labels = [model._meta.label for model in get_page_models()
              if "annualreport" in model._meta.model_name]
    labels.sort(key=lambda label: ("index" not in label.lower(), label))
    return _first_live_page_of(labels)


def _querystring_without_page(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
