"""What every catalogue entry shares: the concrete `DisclosureItem` base page, its attachments,
the index-number counter and the disclosure site setting."""

import re
from collections.abc import Iterable
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
    TitleFieldPanel,
)
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable, Page

from disclosure.deadline_panel import DeadlinePanel
from disclosure.deadlines import item_deadline, validate_extension
from pageforms import PageForm
from workdays.local_time import (
    LOCAL_TIME_ZONE,  # noqa: F401  (disclosure.index_numbers reads it here)
    local_date,
    local_today,
)

# Attachments of disclosure items: PDF, OFD, Word and Excel only (the site's upload rule).
ATTACHMENT_TYPES = {
    "pdf": "PDF",
    "ofd": "OFD",
    "doc": "DOC",
    "docx": "DOCX",
    "xls": "XLS",
    "xlsx": "XLSX",
}

# 条例 第十二条 (索引号): the index number's default form, `<organisation code>/<year>-<serial>`.
DEFAULT_INDEX_NUMBER_FORMAT = "{organisation_code}/{year}-{serial:05d}"


# An entry's address in its column: the year it was created and a serial ("2026-0042"). The
# index number cannot serve (it is assigned only at publication) and a title can run to hundreds
# of characters, so the admin does not copy the title into the slug for these pages.
ITEM_SLUG = re.compile(r"^(?P<year>\d{4})-(?P<serial>\d{4,})$")
ITEM_SLUG_MAX_LENGTH = 40


def next_item_slug(taken_slugs: Iterable[str], year: int) -> str:
    """The next free `<year>-<serial>` address among a column's children (`taken_slugs`)."""
    serials = [int(match["serial"]) for slug in taken_slugs
               if (match := ITEM_SLUG.match(slug)) and int(match["year"]) == year]
    return f"{year}-{max(serials, default=0) + 1:04d}"


def validate_attachment_filename(filename: str) -> None:
    """Refuse any attachment that is not PDF, OFD, DOC(X) or XLS(X)."""
    extension = PurePosixPath(filename or "").suffix.lower().lstrip(".")
    if extension not in ATTACHMENT_TYPES:
        raise ValidationError(
            _("附件“%(name)s”的格式不被接受：只能上传 PDF、OFD、DOC、DOCX、XLS、XLSX 文件。"),
            params={"name": PurePosixPath(filename or "").name or "?"},
            code="attachment_type",
        )


class DisclosureItemForm(PageForm):
    """The admin form of every catalogue entry: a new entry's slug may stay empty, and the
    model then gives it the next `<year>-<serial>` address of its column."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance._state.adding and "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _(
                "留空则自动生成，如 2026-0042；创建后不随标题改变。")
            if self.parent_page is not None:
                # What Wagtail itself sets on a page about to be added under a known parent.
                self.instance._cached_parent_obj = self.parent_page


def item_edit_handler(content_panels):
    """The tabs of a catalogue entry's edit page: content, catalogue data with its deadline,
    attachments, then Wagtail's promote and settings tabs."""
    return TabbedInterface([
        ObjectList(content_panels, heading=_("内容")),
        ObjectList(DisclosureItem.meta_panels, heading=_("目录信息")),
        ObjectList(DisclosureItem.attachment_panels, heading=_("附件")),
        ObjectList(Page.promote_panels, heading=_("推广")),
        ObjectList(Page.settings_panels, heading=_("设置")),
    ])


class DisclosureItem(Page):
    """Every catalogue entry (信息公开事项): what 条例 第十二条 and 网站管理制度 第十六条 ask of it.

    Concrete, so that `DisclosureItem.objects` spans every type of entry; editors create the
    specific types (政策文件、政策解读、预决算、工作动态、公示公告), never this one.
    """

    formed_on = models.DateField(
        _("信息形成（变更）日期"), default=local_today,
        help_text=_("公开时限从此日起算（当日不计）：文件为印发日期，预决算为批复日期。"),
    )
    author = models.CharField(
        _("作者"), max_length=100, blank=True,
        help_text=_("撰稿人或编辑（网站管理制度 第十六条：须注明作者、来源和编辑时间）。"),
    )
    source = models.CharField(_("来源"), max_length=100, blank=True,
                              help_text=_("留空则显示主办单位名称。"))
    summary = models.TextField(_("内容概述"), blank=True, max_length=1000)
    index_number = models.CharField(
        _("索引号"), max_length=80, unique=True, null=True, blank=True, editable=False,
        help_text=_("首次发布时自动生成，唯一且不重复使用。"),
    )
    due_on = models.DateField(_("应公开日期"), null=True, blank=True, editable=False)
    due_provisional = models.BooleanField(_("应公开日期为暂定"), default=False, editable=False)
    extension_days = models.PositiveSmallIntegerField(_("延期天数"), default=0)
    extension_reason = models.TextField(_("延期理由"), blank=True)

    base_form_class = DisclosureItemForm
    is_creatable = False
    parent_page_types = ["disclosure.CatalogueColumn"]
    subpage_types = []

    # The index number identifies one page only: never copied to a copy or an alias.
    exclude_fields_in_copy = ["index_number", "due_on", "due_provisional"]

    # The title without Wagtail's title → slug copying: the model gives a new entry its address.
    title_panels = [TitleFieldPanel("title", targets=[])]
    meta_panels = [
        FieldPanel("formed_on"),
        DeadlinePanel(),
        MultiFieldPanel([FieldPanel("author"), FieldPanel("source")], heading=_("作者与来源")),
        MultiFieldPanel([FieldPanel("extension_days"), FieldPanel("extension_reason")],
                        heading=_("延期公开")),
    ]
    attachment_panels = [InlinePanel("attachments", label=_("附件"), heading=_("附件"))]

    class Meta:
        verbose_name = _("公开事项")
        verbose_name_plural = _("公开事项")

    # --- catalogue ---------------------------------------------------------------------------

    def get_column(self):
        """The nearest catalogue column above this item (None while it is not in the tree)."""
        from disclosure.models.catalogue import CatalogueColumn

        if not self.path:
            return None
        # A page made by `column.add_child(instance=...)` (or by the importer) already holds its
        # parent column: no need to ask the database again.
        parent = getattr(self, "_cached_parent_obj", None)
        if (isinstance(parent, CatalogueColumn) and parent.path
                and parent.path == self.path[:-self.steplen]):
            return parent
        return (CatalogueColumn.objects.filter(path__in=_ancestor_paths(self))
                .order_by("-depth").first())

    @property
    def published_date(self):
        """The day the item was first published, in Asia/Shanghai (None while never live)."""
        if self.first_published_at is None:
            return None
        return local_date(self.first_published_at)

    @property
    def compiled_at(self):
        """编辑时间: when the live version was last published."""
        return self.last_published_at or self.latest_revision_created_at

    def display_source(self, organisation_name=""):
        return self.source or organisation_name

    # --- saving ------------------------------------------------------------------------------

    def full_clean(self, *args, **kwargs):
        self._assign_item_slug()
        super().full_clean(*args, **kwargs)

    def minimal_clean(self):
        # What Page.save() runs for a draft instead of full_clean().
        self._assign_item_slug()
        super().minimal_clean()

    def _assign_item_slug(self):
        """A new entry without a slug gets the next `<year>-<serial>` of its column, once: the
        address stays when the title changes."""
        if self.slug:
            return
        parent = self.get_parent() if self.path else getattr(self, "_cached_parent_obj", None)
        if parent is None:
            return
        siblings = Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        self.slug = next_item_slug(siblings.values_list("slug", flat=True), local_today().year)

    def clean(self):
        super().clean()
        if len(self.slug or "") > ITEM_SLUG_MAX_LENGTH:
            raise ValidationError({"slug": _(
                "网址标识最长 %(limit)d 个字符；留空则自动生成，如 2026-0042。") % {
                "limit": ITEM_SLUG_MAX_LENGTH}})
        if self.extension_days and not self.extension_reason.strip():
            raise ValidationError({"extension_reason": _("延期公开必须填写理由。")})
        if self.path:
            validate_extension(self)

    def save(self, *args, **kwargs):
        self.refresh_due_date()
        with transaction.atomic():
            if self.live and not self.index_number:
                # Assigned only when the page is really live, never when merely scheduled
                # (wagtail #13959): the scheduled path saves with live=False.
                from disclosure.index_numbers import assign_index_number

                assign_index_number(self)
            return super().save(*args, **kwargs)

    def publication_due_date(self):
        """(due_on, provisional): what the approval workflow shows and checks a go-live time
        against (条例 第二十六条)."""
        return self.due_on, bool(self.due_provisional)

    def go_live_problem(self, moment):
        """Why the item may not go live at `moment`, or None; the workflow asks before sign-off.
        Page types with a publication gate (三同步 for policy documents) override it."""
        return None

    def refresh_due_date(self):
        """Set `due_on` / `due_provisional` from the column's rule (disclosure.deadlines)."""
        result = item_deadline(self)
        self.due_on = result.due if result else None
        self.due_provisional = bool(result and result.provisional)

    # --- search -------------------------------------------------------------------------

    def search_document(self) -> dict:
        """What the search index holds for this item; subclasses add their own keys."""
        column = self.get_column()
        return {
            "title": self.title,
            "body": strip_tags(str(getattr(self, "body", "") or "")),
            "summary": self.summary,
            "document_number": "",
            "index_number": self.index_number or "",
            "issuing_body": "",
            "column": column.title if column else "",
            "column_id": column.pk if column else None,
            "kind": self._meta.model_name,
            "kind_label": str(self._meta.verbose_name),
            "subject": "",
            "validity": "",
            "published_on": self.published_date,
            "attachments": [a.document for a in self.attachments.select_related("document")],
        }


def _ancestor_paths(page):
    steplen = page.steplen
    return [page.path[:i] for i in range(steplen, len(page.path), steplen)]


class DisclosureAttachment(Orderable):
    """A file attached to a catalogue entry (a Wagtail document): PDF, OFD, DOC(X), XLS(X)."""

    page = ParentalKey(DisclosureItem, related_name="attachments", on_delete=models.CASCADE)
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("文件"), on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("显示名称"), max_length=200, blank=True,
                             help_text=_("留空则使用文件标题。"))

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

    def clean(self):
        super().clean()
        if self.document_id:
            validate_attachment_filename(self.document.file.name)

    @property
    def display_title(self):
        return self.title or self.document.title

    @property
    def file_type(self):
        """The file's type as shown to the public (PDF, OFD, DOCX ...)."""
        extension = PurePosixPath(self.document.file.name).suffix.lower().lstrip(".")
        return ATTACHMENT_TYPES.get(extension, extension.upper())

    @property
    def file_size(self):
        return self.document.get_file_size()


@register_setting(icon="list-ol")
class DisclosureSettings(BaseSiteSetting):
    """How the catalogue numbers its entries (索引号)."""

    index_number_format = models.CharField(
        _("索引号格式"), max_length=100, default=DEFAULT_INDEX_NUMBER_FORMAT,
        help_text=_("可用占位符：{organisation_code} 组织机构代码，{year} 发布年份，"
                    "{serial:05d} 当年流水号（5位，不足补零）。流水号必须包含。"),
    )

    panels = [FieldPanel("index_number_format")]

    class Meta:
        verbose_name = _("信息公开设置")

    def clean(self):
        super().clean()
        from disclosure.index_numbers import validate_index_number_format

        validate_index_number_format(self.index_number_format)
