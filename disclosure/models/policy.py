"""Policy documents (政策文件) and their interpretations (政策解读)."""

import re

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from disclosure.blocks import InterpretationBodyBlock
from disclosure.models.items import (
    DisclosureItem,
    DisclosureItemForm,
    item_edit_handler,
    local_today,
)

# 主题分类: the subject classification of government information used on gov.cn catalogues.
SUBJECT_CHOICES = [
    ("general", _("综合政务")),
    ("economy", _("国民经济管理、国有资产监管")),
    ("finance", _("财政、金融、审计")),
    ("land", _("国土资源、能源")),
    ("agriculture", _("农业、林业、水利")),
    ("industry", _("工业、交通")),
    ("commerce", _("商贸、海关、旅游")),
    ("market", _("市场监管、安全生产监管")),
    ("construction", _("城乡建设、环境保护")),
    ("science", _("科技、教育")),
    ("culture", _("文化、广电、新闻出版")),
    ("health", _("卫生、体育")),
    ("population", _("人口与计划生育、妇女儿童工作")),
    ("labour", _("劳动、人事、监察")),
    ("security", _("公安、安全、司法")),
    ("civil", _("民政、扶贫、救灾")),
    ("ethnic", _("民族、宗教")),
    ("foreign", _("对外事务")),
    ("other", _("其他")),
]

VALIDITY_VALID = "valid"
VALIDITY_AMENDED = "amended"
VALIDITY_REPEALED = "repealed"
VALIDITY_EXPIRED = "expired"
VALIDITY_CHOICES = [
    (VALIDITY_VALID, _("有效")),
    (VALIDITY_AMENDED, _("已修改")),
    (VALIDITY_REPEALED, _("已废止")),
    (VALIDITY_EXPIRED, _("已失效")),
]
# A document marked 已修改 is still in force; 已废止 and 已失效 are not (国办公开办函〔2021〕30号
# table 二 counts "现行有效件数" on 31 December; the rule is written in docs/annual_report.md).
VALIDITY_IN_FORCE = (VALIDITY_VALID, VALIDITY_AMENDED)
VALIDITY_ENDED = (VALIDITY_REPEALED, VALIDITY_EXPIRED)

# 文种 (genre) of a policy document, as table 二 of the annual report counts them
# (条例 第二十条第（一）项: 规章 and 行政规范性文件; everything else is 其他文件).
GENRE_RULE = "rule"
GENRE_NORMATIVE = "normative"
GENRE_OTHER = "other"
GENRE_CHOICES = [
    (GENRE_RULE, _("规章")),
    (GENRE_NORMATIVE, _("行政规范性文件")),
    (GENRE_OTHER, _("其他文件")),
]

# GB/T 9704-2012 公文格式 7.2.4: 发文字号 = 机关代字 + 年份 in 六角括号〔〕 + 序号 + 号; the serial
# has no leading zeros (不编虚位) and the year is written in full.
DOCUMENT_NUMBER_PATTERN = re.compile(r"^[\u4e00-\u9fffA-Za-z]{1,20}〔(19|20)\d{2}〕[1-9]\d{0,4}号$")
# Brackets editors often type instead of the 六角括号.
_BRACKETS = str.maketrans({"[": "〔", "]": "〕", "［": "〔", "］": "〕", "【": "〔", "】": "〕",
                           "(": "〔", ")": "〕", "（": "〔", "）": "〕", "﹝": "〔", "﹞": "〕"})


def normalise_document_number(value: str) -> str:
    """Turn the brackets editors commonly type into 〔〕 and drop spaces."""
    return re.sub(r"\s+", "", (value or "").translate(_BRACKETS))


def validate_document_number(value: str) -> None:
    """发文字号 must follow GB/T 9704: e.g. 平卫〔2021〕3号."""
    if value and not DOCUMENT_NUMBER_PATTERN.match(value):
        raise ValidationError(
            _("发文字号“%(value)s”不符合 GB/T 9704 格式：应为机关代字、六角括号内的四位年份、"
              "不带前导零的序号和“号”，例如 平卫〔2021〕3号。"),
            params={"value": value}, code="document_number",
        )


class PolicyDocumentTag(TaggedItemBase):
    """A subject word (主题词) on a policy document."""

    content_object = ParentalKey("disclosure.PolicyDocument", related_name="tagged_items",
                                 on_delete=models.CASCADE)


class PolicyDocumentForm(DisclosureItemForm):
    """The admin form of a policy document: stops a publish that the three-sync rule forbids."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # 文种 is required on every new document (and once given, it cannot be emptied): the
        # annual report's table 二 is counted from it.
        if "genre" in self.fields and (self.instance._state.adding or self.instance.genre):
            self.fields["genre"].required = True

    def clean_document_number(self):
        return normalise_document_number(self.cleaned_data.get("document_number", ""))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("needs_interpretation") and self._publishes_now(cleaned):
            from disclosure.publication import three_sync_problem

            problem = three_sync_problem(self.instance)
            if problem:
                self.add_error("needs_interpretation", problem)
        return cleaned

    def _publishes_now(self, cleaned) -> bool:
        """True for "publish" without a future go-live time, and for the approval of the last
        task of the page's workflow (which publishes it)."""
        go_live_at = cleaned.get("go_live_at")
        if go_live_at and go_live_at > timezone.now():
            return False
        if self.data.get("action-publish"):
            return True
        if not (self.data.get("action-workflow-action")
                and self.data.get("workflow-action-name") == "approve" and self.instance.pk):
            return False
        state = self.instance.current_workflow_state
        current = state.current_task_state if state else None
        if current is None:
            return False
        last = (state.workflow.workflow_tasks.filter(task__active=True)
                .order_by("sort_order").last())
        return last is not None and last.task_id == current.task_id


class PolicyDocument(DisclosureItem):
    """A policy document (政策文件) with the catalogue fields of 条例 第十二条 and gov.cn's box."""

    subject = models.CharField(_("主题分类"), max_length=20, choices=SUBJECT_CHOICES,
                               default="general")
    issuing_body = models.CharField(_("发文机关"), max_length=100)
    document_number = models.CharField(
        _("发文字号"), max_length=50, blank=True, db_index=True,
        validators=[validate_document_number],
        help_text=_("按 GB/T 9704 书写，例如 平卫〔2021〕3号；无文号的留空。"),
    )
    written_on = models.DateField(_("成文日期"))
    published_on = models.DateField(_("发布日期"), null=True, blank=True,
                                    help_text=_("留空则在首次发布时自动填写。"))
    validity = models.CharField(_("有效性"), max_length=10, choices=VALIDITY_CHOICES,
                                default=VALIDITY_VALID)
    # Blank only on documents made before 文种 existed: the admin form requires it on new ones.
    genre = models.CharField(
        _("文种"), max_length=10, choices=GENRE_CHOICES, blank=True, db_index=True,
        help_text=_("规章、行政规范性文件计入年度报告表二（制发、废止、现行有效件数）。"),
    )
    effective_on = models.DateField(_("施行日期"), null=True, blank=True,
                                    help_text=_("留空则自成文日期起施行。"))
    validity_changed_on = models.DateField(
        _("废止（失效、修改）日期"), null=True, blank=True,
        help_text=_("有效性不是“有效”时的变更日期；留空则按变更当天记录。"
                    "年度报告按此日期统计本年废止件数。"),
    )
    tags = ClusterTaggableManager(_("主题词"), through=PolicyDocumentTag, blank=True)
    body = RichTextField(_("正文"), blank=True)
    needs_interpretation = models.BooleanField(
        _("需要政策解读"), default=False,
        help_text=_("勾选后，须待解读审核通过才能发布，二者可同时发布（三同步）。"),
    )
    amends = ParentalManyToManyField(
        "self", symmetrical=False, blank=True, related_name="amended_by",
        verbose_name=_("修改的文件"),
        help_text=_("本文件发布后，所选文件的有效性变为“已修改”。"),
    )
    repeals = ParentalManyToManyField(
        "self", symmetrical=False, blank=True, related_name="repealed_by",
        verbose_name=_("废止的文件"),
        help_text=_("本文件发布后，所选文件的有效性变为“已废止”。"),
    )

    base_form_class = PolicyDocumentForm

    content_panels = DisclosureItem.title_panels + [
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    catalogue_panels = [
        MultiFieldPanel([
            FieldPanel("issuing_body"), FieldPanel("document_number"),
            FieldPanel("written_on"), FieldPanel("published_on"),
        ], heading=_("发文信息")),
        MultiFieldPanel([
            FieldPanel("genre"), FieldPanel("subject"), FieldPanel("tags"),
        ], heading=_("分类")),
        MultiFieldPanel([
            FieldPanel("validity"), FieldPanel("effective_on"), FieldPanel("validity_changed_on"),
        ], heading=_("有效性")),
        *DisclosureItem.meta_panels,
    ]
    relation_panels = [
        FieldPanel("needs_interpretation"),
        FieldPanel("amends"),
        FieldPanel("repeals"),
    ]
    edit_handler = TabbedInterface([
        ObjectList(content_panels, heading=_("内容")),
        ObjectList(catalogue_panels, heading=_("目录信息")),
        ObjectList(DisclosureItem.attachment_panels, heading=_("附件")),
        ObjectList(relation_panels, heading=_("解读与关联")),
        ObjectList(Page.promote_panels, heading=_("推广")),
        ObjectList(Page.settings_panels, heading=_("设置")),
    ])

    parent_page_types = ["disclosure.CatalogueColumn"]
    subpage_types = []

    class Meta:
        verbose_name = _("政策文件")
        verbose_name_plural = _("政策文件")

    def clean(self):
        self.document_number = normalise_document_number(self.document_number)
        super().clean()
        if self.written_on and self.written_on > local_today():
            raise ValidationError({"written_on": _("成文日期不能晚于今天。")})
        if (self.validity_changed_on and self.written_on
                and self.validity_changed_on < self.written_on):
            raise ValidationError({"validity_changed_on": _("废止（失效、修改）日期不能早于成文日期。")})
        if self.effective_on and self.written_on and self.effective_on < self.written_on:
            raise ValidationError({"effective_on": _("施行日期不能早于成文日期。")})
        if self.pk and self.pk in ({d.pk for d in self.amends.all()}
                                   | {d.pk for d in self.repeals.all()}):
            raise ValidationError({"repeals": _("文件不能修改或废止它自己。")})

    def go_live_problem(self, moment):
        """三同步: a document needing an interpretation may not go live before one is approved."""
        from disclosure.publication import three_sync_problem

        return three_sync_problem(self, moment)

    def save(self, *args, **kwargs):
        self.document_number = normalise_document_number(self.document_number)
        self.date_validity_change()
        update_fields = kwargs.get("update_fields")
        full_save = update_fields is None
        if full_save and self.live:
            from disclosure.publication import ensure_three_sync_on_go_live

            ensure_three_sync_on_go_live(self)
            if self.published_on is None:
                self.published_on = self.published_date or local_today()
            if self.pk and self.repealed_by.live().exists():
                # A live repealing document wins over an older revision's validity.
                self.validity = VALIDITY_REPEALED
        # Known before saving, as the commit of the relations clears what is held in memory.
        may_amend = full_save and self.live and not self._without_amendments()
        with transaction.atomic():
            result = super().save(*args, **kwargs)
            if may_amend:
                from disclosure.publication import apply_amendments

                apply_amendments(self)
        return result

    def date_validity_change(self, day=None):
        """A document no longer simply 有效 carries the day its validity changed (today when the
        editor gave none); one made valid again loses it."""
        if self.validity == VALIDITY_VALID:
            self.validity_changed_on = None
        elif self.validity_changed_on is None:
            self.validity_changed_on = day or local_today()

    def _without_amendments(self) -> bool:
        """True when this save certainly leaves the document amending and repealing nothing:
        both relations are held in memory empty (a full save stores them as they are), or the
        document is new and they were never set. Otherwise the database has to be asked."""
        pending = getattr(self, "_cluster_related_objects", {})
        for name in ("amends", "repeals"):
            if name in pending:
                if pending[name]:
                    return False
            elif self.pk is not None:
                return False
        return True

    def search_document(self) -> dict:
        document = super().search_document()
        # 规章 and 行政规范性文件 are words people search by ("规范性文件 医疗机构"); 其他文件 is not.
        genre = self.get_genre_display() if self.genre in (GENRE_RULE, GENRE_NORMATIVE) else ""
        document.update({
            "document_number": self.document_number,
            "issuing_body": self.issuing_body,
            "subject": " ".join(filter(None, [self.get_subject_display(), genre])),
            "validity": self.get_validity_display(),
            "published_on": self.published_on or self.published_date,
        })
        return document

    def live_interpretations(self):
        return self.interpretations.live().public().order_by("-first_published_at")

    def live_repeals(self):
        """The live documents this one repeals (in a preview too: see `_live_pages`)."""
        return _live_pages(self.repeals, PolicyDocument)

    def live_amends(self):
        return _live_pages(self.amends, PolicyDocument)

    @cached_property
    def related_live(self) -> dict[str, list[Page]]:
        """The live, public pages the document page shows, in one query (instead of five, each
        with its own restriction lookup): its interpretations,
        the documents it repeals or amends and those that repeal or amend it. Each is a Page
        with `document_number` and `form_label` (an interpretation's form) for the listing.

        One raw query over the link tables (see `_related_live_sql`): the same query built with
        the ORM (five `pk__in` subqueries, each also a CASE annotation) cost about 10 ms of CPU
        per page view just to compile, a quarter of an uncached policy page (issue 21)."""
        related = {name: [] for name in
                   ("interpretations", "repeals", "amends", "repealed_by", "amended_by")}
        sql, params = _related_live_sql(self)
        if not sql:
            return related
        forms = dict(INTERPRETATION_FORMS)
        for page in Page.objects.raw(sql, params):
            page.form_label = forms.get(page.interpretation_form, "")
            related[page.relation].append(page)
        return related


INTERPRETATION_FORMS = [
    ("text", _("文字解读")),
    ("graphic", _("图文解读")),
    ("video", _("视频解读")),
    ("qa", _("问答解读")),
]


class PolicyInterpretation(DisclosureItem):
    """A policy interpretation (政策解读) of one or more policy documents, published with them."""

    documents = ParentalManyToManyField(
        PolicyDocument, related_name="interpretations", verbose_name=_("解读的文件"),
        help_text=_("至少选择一份政策文件。"),
    )
    form = models.CharField(_("解读形式"), max_length=10, choices=INTERPRETATION_FORMS,
                            default="text")
    interpreter = models.CharField(_("解读人（机构）"), max_length=100, blank=True,
                                   help_text=_("例如：起草科室负责人、专家或新闻发言人。"))
    body = StreamField(InterpretationBodyBlock(), verbose_name=_("正文"), blank=True)
    graphic = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("解读图"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    graphic_alt = models.TextField(
        _("解读图的文字说明"), blank=True,
        help_text=_("供读屏软件朗读，应完整概括图中的文字内容。"),
    )
    video_url = models.URLField(_("视频地址"), blank=True)
    video_transcript = models.TextField(_("视频文字稿"), blank=True)

    content_panels = DisclosureItem.title_panels + [
        FieldPanel("documents"),
        FieldPanel("form"),
        FieldPanel("interpreter"),
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("graphic"), FieldPanel("graphic_alt")],
                        heading=_("图文解读")),
        MultiFieldPanel([FieldPanel("video_url"), FieldPanel("video_transcript")],
                        heading=_("视频解读")),
    ]
    edit_handler = item_edit_handler(content_panels)

    parent_page_types = ["disclosure.CatalogueColumn"]
    subpage_types = []

    class Meta:
        verbose_name = _("政策解读")
        verbose_name_plural = _("政策解读")

    def clean(self):
        super().clean()
        errors = {}
        if self.form == "graphic" and not self.graphic_id:
            errors["graphic"] = _("图文解读须上传解读图。")
        if self.graphic_id and not self.graphic_alt.strip():
            errors["graphic_alt"] = _("请填写解读图的文字说明，方便视障人士阅读。")
        if self.form == "video" and not self.video_url:
            errors["video_url"] = _("视频解读须填写视频地址。")
        if self.form == "video" and not self.video_transcript.strip():
            errors["video_transcript"] = _("视频解读须提供文字稿，方便听障人士阅读。")
        if self.form == "qa" and not any(b.block_type == "question_answer" for b in self.body):
            errors["body"] = _("问答解读须至少包含一组问答。")
        if errors:
            raise ValidationError(errors)

    def live_documents(self):
        return _live_pages(self.documents, PolicyDocument)

    def search_document(self) -> dict:
        document = super().search_document()
        # The documents interpreted, as the page lists them: a search for a document's number
        # or title finds its interpretation next to it.
        interpreted = " ".join(f"{item.title} {item.document_number}".strip()
                               for item in self.live_documents())
        document["summary"] = " ".join(filter(None, [document["summary"], interpreted]))
        document["body"] = " ".join(
            filter(None, [_stream_text(self.body), self.video_transcript, self.graphic_alt]))
        return document


def _live_pages(relation, model):
    """The live, public pages of a many-to-many field of a page.

    A preview, or a page rebuilt from a revision, holds the field in memory (modelcluster's
    FakeQuerySet), which has no page query methods such as `live()`: the pages are then looked
    up by id."""
    pages = relation.all()
    if not isinstance(pages, models.QuerySet):
        pages = model.objects.filter(pk__in=[page.pk for page in pages])
    return pages.live().public()


def _related_live_sql(document) -> tuple[str, list]:
    """The query of `PolicyDocument.related_live`: one row per (relation, live public page),
    newest first, with the page's columns, `relation`, `document_number` and
    `interpretation_form`. Empty when the document has no relation at all.

    A relation comes from its link table, or, when the page holds it in memory (a preview, a
    page rebuilt from a revision: modelcluster's FakeQuerySet), from the ids it holds. A page
    inside a restricted section (the restricted page or below it) is left out, as
    `disclosure.publicity.under_view_restriction` does. Table and column names come from the
    models' metadata, every value is a parameter; the SQL is plain enough for PostgreSQL and
    SQLite alike."""
    from wagtail.models import PageViewRestriction

    repeals = PolicyDocument._meta.get_field("repeals")
    amends = PolicyDocument._meta.get_field("amends")
    documents = PolicyInterpretation._meta.get_field("documents")
    # (relation, the page's own field or None, link field, column of this document, of the other)
    relations = [("repeals", document.repeals, repeals,
                  repeals.m2m_column_name(), repeals.m2m_reverse_name()),
                 ("amends", document.amends, amends,
                  amends.m2m_column_name(), amends.m2m_reverse_name())]
    if document.pk is not None:  # the other side of a relation needs the page saved
        relations += [
            ("repealed_by", None, repeals, repeals.m2m_reverse_name(), repeals.m2m_column_name()),
            ("amended_by", None, amends, amends.m2m_reverse_name(), amends.m2m_column_name()),
            ("interpretations", None, documents,
             documents.m2m_reverse_name(), documents.m2m_column_name()),
        ]
    page = Page._meta.db_table
    selects, params = [], []
    for name, own, field, this_column, other_column in relations:
        held = own.all() if own is not None else None
        if held is not None and not isinstance(held, models.QuerySet):
            if ids := [item.pk for item in held]:
                placeholders = ", ".join(["%s"] * len(ids))
                selects.append(f"SELECT %s AS relation, id AS page_id FROM {page} "  # noqa: S608
                               f"WHERE id IN ({placeholders})")
                params += [name, *ids]
        elif document.pk is not None:
            selects.append(f"SELECT %s AS relation, {other_column} AS page_id "  # noqa: S608
                           f"FROM {field.m2m_db_table()} WHERE {this_column} = %s")
            params += [name, document.pk]
    if not selects:
        return "", []
    sql = f"""
        SELECT p.*, r.relation, d.document_number AS document_number,
               i.form AS interpretation_form
        FROM ({" UNION ALL ".join(selects)}) r
        INNER JOIN {page} p ON p.id = r.page_id
        LEFT OUTER JOIN {PolicyDocument._meta.db_table} d
            ON d.{PolicyDocument._meta.pk.column} = p.id
        LEFT OUTER JOIN {PolicyInterpretation._meta.db_table} i
            ON i.{PolicyInterpretation._meta.pk.column} = p.id
        WHERE p.live = %s AND NOT EXISTS (
            SELECT 1 FROM {PageViewRestriction._meta.db_table} v
            INNER JOIN {page} rp ON rp.id = v.page_id
            WHERE SUBSTR(p.path, 1, LENGTH(rp.path)) = rp.path)
        ORDER BY p.first_published_at DESC, p.id ASC"""  # noqa: S608
    return sql, [*params, True]

def _stream_text(stream) -> str:
    from django.utils.html import strip_tags

    parts = []
    for block in stream or []:
        if block.block_type == "question_answer":
            parts.append(block.value["question"])
            parts.append(strip_tags(str(block.value["answer"])))
        else:
            parts.append(strip_tags(str(block.value)))
    return " ".join(parts)
