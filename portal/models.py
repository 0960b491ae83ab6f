"""The site's own pages and settings, and the departments that own its sections."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from publishing.page_forms import PageForm


class Department(ClusterableModel):
    """A department (科室) of the organisation; it owns sections of the page tree.

    Its members get page permissions on exactly those sections, through one Wagtail group per
    department that `portal.roles.sync_department` keeps in step (corpus 004 网站管理制度
    第七至十三条: each column is provided, reviewed and published by its owning department).
    """

    name = models.CharField(_("名称"), max_length=100, unique=True)
    code = models.SlugField(
        _("代码"), max_length=50, unique=True,
        help_text=_("英文字母、数字或连字符，用于内部标识，例如 yizheng。"),
    )
    email = models.EmailField(_("科室邮箱"), blank=True,
                              help_text=_("到期提醒等通知发往此邮箱。"))
    phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    group = models.OneToOneField(
        "auth.Group", verbose_name=_("权限组"), null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="department",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("code"),
        FieldPanel("email"),
        FieldPanel("phone"),
        FieldPanel("is_active"),
        InlinePanel("sections", label=_("负责的栏目"), heading=_("负责的栏目")),
    ]

    class Meta:
        verbose_name = _("科室")
        verbose_name_plural = _("科室")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def group_name(self) -> str:
        return f"科室：{self.name}"


class DepartmentSection(Orderable):
    """A section of the page tree (and everything below it) owned by a department."""

    department = ParentalKey(Department, related_name="sections", on_delete=models.CASCADE)
    page = models.OneToOneField(
        "wagtailcore.Page", verbose_name=_("栏目"), on_delete=models.CASCADE,
        related_name="department_section",
        help_text=_("一个栏目只能由一个科室负责。"),
    )

    panels = [PageChooserPanel("page")]

    class Meta(Orderable.Meta):
        verbose_name = _("负责栏目")
        verbose_name_plural = _("负责栏目")

    def __str__(self):
        return f"{self.department} → {self.page}"


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
