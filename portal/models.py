"""The site's own pages and settings (departments live in `departments`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page

from publishing.page_forms import PageForm


@register_setting(icon="site")
class PortalSettings(BaseSiteSetting):
    """Who runs the site: shown in the footer, used for index numbers and reply letters."""

    organisation_name = models.CharField(_("主办单位"), max_length=100, default="示例市卫生健康委员会")
    organisation_code = models.CharField(
        _("组织机构代码"), max_length=30, default="000000000",
        help_text=_("统一社会信用代码或组织机构代码，用于生成索引号。"),
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    postcode = models.CharField(_("邮政编码"), max_length=10, blank=True)
    phone = models.CharField(_("联系电话"), max_length=60, blank=True)
    email = models.EmailField(_("联系邮箱"), blank=True)
    icp_number = models.CharField(_("ICP备案号"), max_length=60, blank=True)
    public_security_number = models.CharField(_("公安机关备案号"), max_length=60, blank=True)
    site_identifier = models.CharField(_("网站标识码"), max_length=30, blank=True)

    panels = [
        MultiFieldPanel(
            [FieldPanel("organisation_name"), FieldPanel("organisation_code")],
            heading=_("主办单位"),
        ),
        MultiFieldPanel(
            [FieldPanel("address"), FieldPanel("postcode"), FieldPanel("phone"),
             FieldPanel("email")],
            heading=_("联系方式"),
        ),
        MultiFieldPanel(
            [FieldPanel("icp_number"), FieldPanel("public_security_number"),
             FieldPanel("site_identifier")],
            heading=_("备案与标识"),
        ),
    ]

    class Meta:
        verbose_name = _("网站信息")


class HomePage(Page):
    """The home page: a welcome, the latest disclosures and the ways in."""

    base_form_class = PageForm

    intro = RichTextField(_("导语"), blank=True, features=["bold", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("首页")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = self.get_children().live().public().in_menu().specific()
        return context


class SectionPage(Page):
    """A plain section of the site (机构概况, 互动交流 ...) with text and its own subpages."""

    base_form_class = PageForm

    body = RichTextField(_("正文"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("body")]

    parent_page_types = ["portal.HomePage", "portal.SectionPage"]

    class Meta:
        verbose_name = _("栏目页")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["children"] = self.get_children().live().public().specific()
        return context
