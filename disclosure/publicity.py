"""Live pages the public may see, in the same query as the listing itself.

Wagtail's `PageQuerySet.public()` first reads every view restriction in a query of its own,
then excludes their subtrees; a page showing four lists paid four extra queries. `public_only`
puts the same condition (no restricted page at or above the page) into the listing's own SQL.
"""

from django.db.models import Exists, F, OuterRef
from django.db.models.functions import Length, Substr
from wagtail.models import PageViewRestriction


def under_view_restriction():
    """True for a page inside a restricted section (the restricted page itself or below it)."""
    return Exists(
        PageViewRestriction.objects
        .annotate(prefix=Substr(OuterRef("path"), 1, Length("page__path")))
        .filter(page__path=F("prefix")))


def public_only(pages):
    """`pages` (a page queryset) without the pages in a restricted section: Wagtail's
    `.public()` in one query."""
    return pages.exclude(under_view_restriction())
