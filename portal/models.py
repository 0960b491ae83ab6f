"""The site's own pages (departments and the organisation's settings live in `departments`)."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, PageViewRestriction

from disclosure.models.catalogue import column_kind_field
from disclosure.publicity import public_only, under_view_restriction
from pageforms import PageForm


class HomePage(Page):
    """The home page: a welcome, the latest disclosures and the ways in."""

    base_form_class = PageForm

    intro = RichTextField(_("导语"), blank=True, features=["bold", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("首页")

    def route(self, request, path_components):
        """Find the page at a path in two queries (its chain of pages by `url_path`, then the
        page's own type) rather than two per path segment: the deepest page whose address begins the path, then that page routes
        the rest (a routable page's own sub-addresses; anything else is a 404 there).

        The chain query also says whether the page is in a restricted section, so that
        Wagtail's view-restriction check needs no queries of its own for a public page
        (`known_unrestricted`); the home page itself carries that from the site cache."""
        if not path_components:
            if getattr(self, "unrestricted_in_site_cache", False):
                known_unrestricted(self)
            return super().route(request, path_components)
        prefixes = [self.url_path + "".join(f"{part}/" for part in path_components[:end])
                    for end in range(1, len(path_components) + 1)]
        chain = list(Page.objects.filter(url_path__in=prefixes, path__startswith=self.path)
                     .annotate(restricted=under_view_restriction()).order_by("depth"))
        if not chain:
            raise Http404
        found = _specific(chain[-1])
        if not chain[-1].restricted and not any(page.alias_of_id for page in [self, *chain]):
            known_unrestricted(found)
        # The pages above it, read in the same query: the breadcrumbs (portal_tags) use them.
        request.page_ancestors = (found.pk, [self, *chain[:-1]])
        return found.route(request, path_components[found.depth - self.depth:])

    def get_context(self, request, *args, **kwargs):
        from django.conf import settings

        context = super().get_context(request, *args, **kwargs)
        # Read only when the template's cached lists are made again (a lazy queryset).
        context["sections"] = public_only(self.get_children().live().in_menu())
        context["lists_cache_seconds"] = settings.SITE_CACHE_SECONDS
        # issue 20: the newest 政府网站工作年度报表, in a prominent place (国办函〔2018〕12号);
        # lazy, read with the cached lists (a publication drops them).
        from inspection.models import WebsiteReportPage

        context["website_reports"] = public_only(
            WebsiteReportPage.objects.live().descendant_of(self)).order_by("-year")
        return context


class SectionPage(Page):
    """A plain section of the site (机构概况, 互动交流 ...) with text and its own subpages."""

    base_form_class = PageForm

    body = RichTextField(_("正文"), blank=True)
    # issue 20: the column's kind for the website inspection (disclosure.models.catalogue).
    column_kind = column_kind_field()

    content_panels = Page.content_panels + [FieldPanel("body")]
    settings_panels = Page.settings_panels + [FieldPanel("column_kind")]

    parent_page_types = ["portal.HomePage", "portal.SectionPage"]

    class Meta:
        verbose_name = _("栏目页")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["children"] = public_only(self.get_children().live()).specific()
        return context


def _specific(page):
    """The specific page of `page` (Wagtail's `page.specific`), with the related rows its type
    names in `route_select_related` read in the same query (a column's department, shown on
    its page: one query less per view, issue 21)."""
    model = page.specific_class
    related = getattr(model, "route_select_related", ()) if model is not None else ()
    if not related:
        return page.specific
    try:
        return model._base_manager.select_related(*related).get(pk=page.pk)
    except model.DoesNotExist:
        return page.specific


def known_unrestricted(page) -> None:
    """Tell Wagtail's view-restriction check (its `on_serve_page` hook calls
    `page.get_view_restrictions()`, two queries) that no restriction applies to this instance of
    `page`: the caller has just read that no restricted page lies at or above it
    (`under_view_restriction`) and that neither it nor any page above it is an alias (Wagtail
    checks an alias's source page, which a path cannot tell)."""
    page.get_view_restrictions = PageViewRestriction.objects.none
