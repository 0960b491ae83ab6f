"""The standard sections of the 政府信息公开 column besides the guide and the column tree
(国办公开办函〔2019〕61号: 公开指南, 公开制度, 法定主动公开内容, 公开年报): the body's own rules
(公开制度) and the list of annual reports (公开年报)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from pageforms import PageForm


class DisclosureRuleBlock(blocks.StructBlock):
    """One rule of the body's own (e.g. 政务公开制度, 保密审查制度, 依申请公开办理流程)."""

    title = blocks.CharBlock(label=_("制度名称"), max_length=200)
    adopted_on = blocks.DateBlock(label=_("印发（修订）日期"), required=False)
    text = blocks.RichTextBlock(label=_("正文"), features=["bold", "ol", "ul", "link", "h3"])
    document = DocumentChooserBlock(label=_("原文件"), required=False)

    class Meta:
        icon = "doc-full"
        label = _("制度")


class DisclosureRulesPage(Page):
    """公开制度: the rules the body itself adopted for its disclosure work."""

    base_form_class = PageForm

    intro = RichTextField(_("导语"), blank=True, features=["bold", "link"])
    rules = StreamField([("rule", DisclosureRuleBlock())], verbose_name=_("制度"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("rules")]

    parent_page_types = ["disclosure.CatalogueRoot"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("公开制度")
        verbose_name_plural = _("公开制度")

    def search_document(self) -> dict:
        from django.utils.html import strip_tags

        texts = [strip_tags(str(self.intro or ""))]
        for block in self.rules:
            texts += [block.value["title"], strip_tags(str(block.value["text"]))]
        return {"title": self.title, "body": " ".join(filter(None, texts)),
                "kind_label": str(self._meta.verbose_name), "column": self.title,
                "published_on": None}


class AnnualReportIndexPage(Page):
    """公开年报: the list of the body's annual reports on its disclosure work, newest first."""

    base_form_class = PageForm

    intro = RichTextField(_("导语"), blank=True, features=["bold", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["disclosure.CatalogueRoot"]
    # The report itself reads applications as well as the catalogue, so it lives above both.
    subpage_types = ["reports.AnnualReportPage"]
    max_count = 1

    class Meta:
        verbose_name = _("公开年报")
        verbose_name_plural = _("公开年报")

    def reports(self):
        children = self.get_children().live().public().specific()
        return sorted(children, key=lambda page: getattr(page, "year", 0), reverse=True)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["reports"] = self.reports()
        return context


def section_links(catalogue) -> list[dict]:
    """The four standard sections of the catalogue in their order, each with its address
    (None while the section has no live page): what the catalogue and the home page show.
    Both section pages come from one query (the home page counts its queries)."""
    from django.contrib.contenttypes.models import ContentType

    from disclosure.publicity import public_only

    types = ContentType.objects.get_for_models(DisclosureRulesPage, AnnualReportIndexPage)
    found = {}
    for page in public_only(Page.objects.child_of(catalogue).live().filter(
            content_type__in=types.values())).order_by("path"):
        found.setdefault(page.content_type_id, page)
    rules = found.get(types[DisclosureRulesPage].pk)
    reports = found.get(types[AnnualReportIndexPage].pk)
    base = catalogue.url
    return [
        {"title": _("公开指南"), "url": f"{base}#guide"},
        {"title": _("公开制度"), "url": rules.url if rules else None},
        {"title": _("法定主动公开内容"), "url": f"{base}#statutory"},
        {"title": _("公开年报"), "url": reports.url if reports else None},
    ]

