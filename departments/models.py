"""Departments (科室) and the sections of the page tree each one owns.

The bottom of the layers: applications, disclosure and publishing route work by department;
this app imports none of them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, PageChooserPanel
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
