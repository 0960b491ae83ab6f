"""What search stores: the editable word list, the index, the query log and promoted results."""

import re

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, PageChooserPanel

from search.segmentation import TOKEN_VERSION

_SEPARATORS = re.compile(r"[\s,，、;；]+")


class SearchTerm(models.Model):
    """A word the segmenter keeps whole, with the other forms that mean the same (卫健委 = 卫生健康委员会).

    A query for the word also finds its other forms, and a query for one of the other forms
    also finds the word. The disclosure office edits the list (检索词库); a starting list ships
    in `search/data/synonyms.txt`.
    """

    word = models.CharField(_("词语"), max_length=50, unique=True,
                            help_text=_("分词时保持完整的词语，例如简称“卫健委”。"))
    synonyms = models.CharField(
        _("同义词或全称"), max_length=300, blank=True,
        help_text=_("与该词同义的其他写法，多个用空格或逗号分隔，例如“卫生健康委员会”。"
                    "留空则只加入分词词典。"),
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    panels = [FieldPanel("word"), FieldPanel("synonyms")]

    class Meta:
        verbose_name = _("检索词")
        verbose_name_plural = _("检索词库")
        ordering = ["word"]

    def __str__(self):
        return f"{self.word} → {self.synonyms}" if self.synonyms else self.word

    def synonym_list(self) -> list[str]:
        return [form for form in _SEPARATORS.split(self.synonyms or "") if form]

    def all_forms(self) -> list[str]:
        return [self.word, *self.synonym_list()]


class PromotedResult(models.Model):
    """A page shown first for a chosen query (推荐结果), whatever its rank would be."""

    query = models.CharField(_("检索词"), max_length=100, db_index=True,
                             help_text=_("用户输入该词（忽略大小写和全半角）时置顶显示。"))
    page = models.ForeignKey("wagtailcore.Page", verbose_name=_("推荐页面"),
                             on_delete=models.CASCADE, related_name="+")
    sort_order = models.PositiveSmallIntegerField(_("顺序"), default=0)

    panels = [FieldPanel("query"), PageChooserPanel("page"), FieldPanel("sort_order")]

    class Meta:
        verbose_name = _("推荐结果")
        verbose_name_plural = _("推荐结果")
        ordering = ["query", "sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["query", "page"],
                                               name="search_promoted_once_per_query")]

    def __str__(self):
        return f"{self.query} → {self.page.title}"

    def save(self, *args, **kwargs):
        from search.segmentation import normalise

        # Stored as queries are compared: full-width folded, lower-case, trimmed.
        self.query = normalise(self.query).strip()
        super().save(*args, **kwargs)


class QueryLog(models.Model):
    """How often a query was searched on one day and how many results it had; nothing personal."""

    query = models.CharField(_("检索词"), max_length=100)
    day = models.DateField(_("日期"))
    searches = models.PositiveIntegerField(_("检索次数"), default=0)
    zero_result_searches = models.PositiveIntegerField(_("无结果次数"), default=0)

    class Meta:
        verbose_name = _("检索记录")
        verbose_name_plural = _("检索记录")
        constraints = [models.UniqueConstraint(fields=["query", "day"],
                                               name="search_querylog_one_row_per_day")]
        indexes = [models.Index(fields=["day"])]

    def __str__(self):
        return f"{self.day} {self.query} ×{self.searches}"


class FacetSet(models.Model):
    """One combination of facet values that index entries share (type, column, year, issuing
    body, validity), so that counting a query's matches per facet groups them by one integer.

    Rows are added as combinations appear and never change; two rows with the same values
    (two processes adding the same new combination at once) are harmless, since counts are
    summed by value.
    """

    kind = models.CharField(max_length=100, blank=True)
    column_id = models.IntegerField(null=True, blank=True)
    column = models.CharField(max_length=255, blank=True)
    year = models.SmallIntegerField(null=True, blank=True)
    issuing_body = models.CharField(max_length=200, blank=True)
    validity = models.CharField(max_length=50, blank=True)

    VALUE_FIELDS = ("kind", "column_id", "column", "year", "issuing_body", "validity")

    class Meta:
        verbose_name = _("分面组合")
        verbose_name_plural = _("分面组合")
        indexes = [models.Index(fields=["kind", "column_id", "year", "issuing_body", "validity"])]

    def __str__(self):
        return " / ".join(str(value) for value in self.values() if value not in (None, ""))

    def values(self) -> tuple:
        return tuple(getattr(self, name) for name in self.VALUE_FIELDS)


class IndexEntry(models.Model):
    """One page as the index holds it: its words (segmented), its facets and how to show it.

    The database backend searches these rows (SQLite: an FTS5 table over the token columns,
    migration 0002; PostgreSQL: a weighted tsvector column, 0002, copied with the facets and
    dates into `SearchRow`, which has the GIN index, 0003). `generation` lets a rebuild fill a
    new generation while searches keep reading the active one (`IndexState`), then switch over
    in one transaction.

    `expire_at` is the page's expiry as indexed, so counts leave out a page whose time has
    passed before the unpublishing task has run; `facet_set` is its facet values as one
    integer to group by.
    """

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    generation = models.PositiveIntegerField(default=1)
    url = models.CharField(max_length=1000)
    title = models.CharField(max_length=500)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    attachments_text = models.TextField(blank=True)
    document_number = models.CharField(max_length=100, blank=True)
    document_number_key = models.CharField(max_length=100, blank=True, db_index=True)
    index_number = models.CharField(max_length=100, blank=True)
    index_number_key = models.CharField(max_length=100, blank=True, db_index=True)
    issuing_body = models.CharField(max_length=200, blank=True)
    column = models.CharField(max_length=255, blank=True)
    column_id = models.IntegerField(null=True, blank=True)
    kind = models.CharField(max_length=100, blank=True)
    subject = models.CharField(max_length=500, blank=True)
    validity = models.CharField(max_length=50, blank=True)
    published_on = models.DateField(null=True, blank=True)
    year = models.SmallIntegerField(null=True, blank=True)
    expire_at = models.DateTimeField(null=True, blank=True)
    facet_set = models.ForeignKey(FacetSet, null=True, blank=True, on_delete=models.PROTECT,
                                  db_index=False, related_name="+")
    # Space-joined jieba tokens: what the full-text indexes see.
    title_tokens = models.TextField(blank=True)
    meta_tokens = models.TextField(blank=True)
    body_tokens = models.TextField(blank=True)
    attachment_tokens = models.TextField(blank=True)
    fingerprint = models.CharField(max_length=64)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("索引条目")
        verbose_name_plural = _("索引条目")
        constraints = [models.UniqueConstraint(fields=["page", "generation"],
                                               name="search_entry_once_per_generation")]
        indexes = [models.Index(fields=["generation", "published_on"])]

    def __str__(self):
        return self.title


class SearchRow(models.Model):
    """PostgreSQL: the part of an index entry that a query reads for every match, kept by a
    trigger on `IndexEntry` (migration 0003), never written by the application.

    Generation, page, facet set, dates, number keys and the tsvector with its GIN index; the
    tsvector is stored out of line (it arrives out of line from the entry, whose long row is
    toasted down to 128 bytes), so a row is about 100 bytes and a query that matches tens of
    thousands of pages counts them from a few megabytes. The table also exists on SQLite, empty.
    """

    entry = models.OneToOneField(IndexEntry, primary_key=True, db_column="id",
                                 on_delete=models.DO_NOTHING, db_constraint=False,
                                 related_name="+")
    generation = models.PositiveIntegerField()
    page_id = models.IntegerField()
    facet_set_id = models.BigIntegerField(null=True)
    published_on = models.DateField(null=True)
    expire_at = models.DateTimeField(null=True)
    document_number_key = models.CharField(max_length=100, blank=True)
    index_number_key = models.CharField(max_length=100, blank=True)

    class Meta:
        db_table = "search_indexrow"
        verbose_name = _("检索行")
        verbose_name_plural = _("检索行")
        indexes = [models.Index(fields=["generation", "published_on"]),
                   models.Index(fields=["document_number_key"]),
                   models.Index(fields=["index_number_key"])]

    def __str__(self):
        return f"entry {self.pk}"


class IndexState(models.Model):
    """The one row saying which generation of `IndexEntry` searches read, and which is building.

    `token_version` says how the active generation was segmented
    (`segmentation.TOKEN_VERSION`); queries rely on what a version adds only once a rebuild
    has written every entry that way.
    """

    active_generation = models.PositiveIntegerField(default=1)
    building_generation = models.PositiveIntegerField(null=True, blank=True)
    rebuilt_at = models.DateTimeField(null=True, blank=True)
    token_version = models.PositiveSmallIntegerField(default=TOKEN_VERSION)
    # PostgreSQL ranking (search.backends.postings): the fields' average lengths in words,
    # taken when a rebuild starts, for the postings written from then on. The defaults are
    # those of a typical disclosure page, for an index never rebuilt.
    average_title_length = models.FloatField(default=12)
    average_meta_length = models.FloatField(default=20)
    average_body_length = models.FloatField(default=400)
    average_attachment_length = models.FloatField(default=200)

    class Meta:
        verbose_name = _("索引状态")

    def __str__(self):
        return f"active={self.active_generation} building={self.building_generation}"

    @classmethod
    def current(cls) -> "IndexState":
        state, _created = cls.objects.get_or_create(pk=1)
        return state

    def live_generations(self) -> list[int]:
        """Generations an update must write to: the active one and any being built."""
        generations = [self.active_generation]
        if self.building_generation:
            generations.append(self.building_generation)
        return generations
