"""Budget and final-accounts releases (预决算公开): tables imported from the approved workbook."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.fields import RichTextField
from wagtail.models import Page

from disclosure.budget_tables import WorkbookError, import_tables
from disclosure.models.catalogue import RULE_BUDGET
from disclosure.models.items import DisclosureItem, DisclosureItemForm

# 预算法 第十四条: budgets and final accounts are disclosed within 20 days (calendar days) of
# their approval (批复); the column's rule "budget" carries the number, the approval date is
# the item's `formed_on`, the day the clock starts.
BUDGET_LAW_ARTICLE_14_DAYS = 20

KIND_BUDGET = "budget"
KIND_FINAL_ACCOUNTS = "final_accounts"
KIND_THREE_PUBLIC_BUDGET = "three_public_budget"
KIND_THREE_PUBLIC_FINAL = "three_public_final"
KIND_CHOICES = [
    (KIND_BUDGET, _("部门预算")),
    (KIND_FINAL_ACCOUNTS, _("部门决算")),
    (KIND_THREE_PUBLIC_BUDGET, _("三公经费预算")),
    (KIND_THREE_PUBLIC_FINAL, _("三公经费决算")),
]


class BudgetReleaseForm(DisclosureItemForm):
    """Reads the chosen workbook on every save: an unreadable file or a total that does not add
    up is an error on the workbook field, naming the cell."""

    def clean(self):
        cleaned_data = super().clean()
        column = self.parent_page.specific if self.parent_page else None
        if getattr(column, "rule", RULE_BUDGET) != RULE_BUDGET:
            # The 20-day clock of 预算法 第十四条 comes from the column's rule.
            self.add_error(None, _("预决算公开只能放在公开时限规则为“预决算”的栏目中，"
                                   "否则公开时限不是批复后20日。"))
        document = cleaned_data.get("source_workbook")
        self.imported_tables = []
        if document is None:
            return cleaned_data
        try:
            with document.open_file() as fileobj:
                self.imported_tables = import_tables(fileobj)
        except WorkbookError as error:
            for message in error.messages:
                self.add_error("source_workbook", message)
        except OSError:
            self.add_error("source_workbook", _("无法读取所选文件，请重新上传。"))
        return cleaned_data

    def save(self, commit=True):
        page = super().save(commit=False)
        page.tables = self.imported_tables
        if commit:
            page.save()
        return page


class BudgetRelease(DisclosureItem):
    """A department's budget, final accounts or three-public-expenses release (预决算公开),
    with its tables read from the approved .xlsx and the original files attached."""

    fiscal_year = models.PositiveSmallIntegerField(
        _("预决算年度"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    kind = models.CharField(_("类别"), max_length=30, choices=KIND_CHOICES)
    approved_on = models.DateField(
        _("批复日期"),
        help_text=_("财政部门批复之日；应在批复后20日内公开（《预算法》第十四条）。"),
    )
    explanation = RichTextField(
        _("情况说明"), blank=True,
        features=["h3", "h4", "bold", "ol", "ul", "link", "document-link"],
        help_text=_("部门职责、机构设置、收支增减变化及原因、名词解释等。"),
    )
    source_workbook = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("预决算表格（.xlsx）"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text=_("上传批复的 Excel 表格：每个工作表显示为一张表格，保存时核对合计、总计、"
                    "小计行与各项之和。"),
    )
    tables = models.JSONField(_("表格"), default=list, blank=True, editable=False)

    base_form_class = BudgetReleaseForm
    parent_page_types = ["disclosure.CatalogueColumn"]
    subpage_types = []

    content_panels = DisclosureItem.title_panels + [
        MultiFieldPanel([FieldPanel("fiscal_year"), FieldPanel("kind"),
                         FieldPanel("approved_on")], heading=_("预决算信息")),
        FieldPanel("summary"),
        FieldPanel("explanation"),
        FieldPanel("source_workbook"),
    ]
    budget_meta_panels = [
        MultiFieldPanel([FieldPanel("author"), FieldPanel("source")], heading=_("作者与来源")),
        MultiFieldPanel([FieldPanel("extension_days"), FieldPanel("extension_reason")],
                        heading=_("延期公开")),
    ]
    edit_handler = TabbedInterface([
        ObjectList(content_panels, heading=_("内容")),
        ObjectList(DisclosureItem.attachment_panels, heading=_("原始文件")),
        ObjectList(budget_meta_panels, heading=_("公开信息")),
        ObjectList(Page.promote_panels, heading=_("推广")),
        ObjectList(Page.settings_panels, heading=_("设置")),
    ])

    class Meta:
        verbose_name = _("预决算公开")
        verbose_name_plural = _("预决算公开")

    def clean(self):
        if self.approved_on:
            self.formed_on = self.approved_on
        super().clean()
        if self.approved_on and self.fiscal_year and abs(
                self.approved_on.year - self.fiscal_year) > 1:
            raise ValidationError({"approved_on": _("批复日期与预决算年度相差过大，请核对。")})

    def save(self, *args, **kwargs):
        # The approval date starts the 20-day clock (预算法 第十四条): it is the item's
        # formed_on, whatever the editor did elsewhere.
        if self.approved_on:
            self.formed_on = self.approved_on
        return super().save(*args, **kwargs)

    @property
    def kind_label(self):
        return self.get_kind_display()

    def search_document(self) -> dict:
        document = super().search_document()
        cells = []
        for table in self.tables:
            cells.append(table.get("sheet", ""))
            cells.append(table.get("caption", ""))
            for row in table.get("head", []) + [row["cells"] for row in table.get("body", [])]:
                cells.extend(cell.get("text", "") for cell in row)
        document["body"] = " ".join(
            part for part in (document["body"], _plain(self.explanation), " ".join(cells)) if part)
        document["subject"] = str(self.get_kind_display())
        return document


def _plain(html) -> str:
    return strip_tags(str(html or ""))

