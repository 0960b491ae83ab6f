"""Departments (科室), the sections of the page tree each one owns, and the organisation that
runs the site (its name and codes, a Wagtail site setting).

The bottom of the layers: applications, disclosure and publishing route work by department;
this app imports none of them.
"""

from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable


class Department(ClusterableModel):
    """A department (科室) of the organisation; it owns sections of the page tree.

    Two Wagtail groups belong to it, kept in step by `departments.roles.sync_department`:
    `group` says who works here (membership, no permissions; applications route by it), and
    `editors_group` lets the members who draft or review edit exactly its sections (corpus 004
    网站管理制度 第七至十三条: each column is provided, reviewed and published by its owning
    department).
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
        "auth.Group", verbose_name=_("成员组"), null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="department",
    )
    editors_group = models.OneToOneField(
        "auth.Group", verbose_name=_("栏目编辑组"), null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="edited_department",
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
        db_table = "portal_department"  # the table it had when it lived in portal
        verbose_name = _("科室")
        verbose_name_plural = _("科室")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def group_name(self) -> str:
        return f"科室：{self.name}"

    @property
    def editors_group_name(self) -> str:
        return f"科室编辑：{self.name}"


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
        db_table = "portal_departmentsection"
        verbose_name = _("负责栏目")
        verbose_name_plural = _("负责栏目")

    def __str__(self):
        return f"{self.department} → {self.page}"


@register_setting(icon="site")
class Organisation(BaseSiteSetting):
    """Who runs the site (主办单位): shown in the footer, used for index numbers, feeds and
    reply letters. Kept beside the departments so every room may read it."""

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
        db_table = "portal_portalsettings"  # moved from portal; the table stays
        verbose_name = _("网站信息")

    # Every public page shows it (header, footer, print header): read from Django's cache, one
    # entry per site, rather than with a query per page view (issue 21). Saving or deleting it
    # drops the entry (at once, and again after the commit); SITE_CACHE_SECONDS bounds it.
    @classmethod
    def for_site(cls, site):
        if site is None or not settings.SITE_CACHE_SECONDS:
            return super().for_site(site)
        key = cls._cache_key(site.pk)
        instance = cache.get(key)
        if instance is None:
            instance = super().for_site(site)
            cache.set(key, instance, settings.SITE_CACHE_SECONDS)
        return instance

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self._forget()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        self._forget()
        return result

    def _forget(self) -> None:
        key = self._cache_key(self.site_id)
        cache.delete(key)
        transaction.on_commit(lambda: cache.delete(key))

    @staticmethod
    def _cache_key(site_id) -> str:
        return f"departments:organisation:{site_id}"
