"""Bulk import of existing policy documents from JSON Lines (how a department moves its old site).

`import_documents(path, column_slug=None)` reads one JSON object a line and creates a published
`PolicyDocument` for each new one in the chosen catalogue column (by default the catalogue's
policy-documents column). Fields: title, body (text or HTML), document_number, issuing_body,
written_on and published_on (YYYY-MM-DD), subject, validity (public label such as 有效 / 已废止,
or its code), genre (文种: 规章 / 行政规范性文件 / 其他文件, or rule / normative / other; default
the `genre` argument, 其他文件 unless told), effective_on and validity_changed_on (YYYY-MM-DD; a
document not 有效 without a change date is dated the day of the import), summary, tags,
attachments (file paths, relative to the JSONL file); only title, body and written_on are
required.

- Each line is validated on its own: a bad line is reported with its number and reason and
  nothing of it is stored; the other lines go in.
- HTML is sanitised with bleach (scripts, styles, event handlers and unsafe links removed).
- Running the same file again creates nothing new: a line matches an existing document on its
  document number, or, without one, on title + date written.
- Pages are real Wagtail pages: each is live with one revision (its live and latest revision,
  holding what Wagtail's own revision of the page would hold), first/last published dates, the
  audit log entries of creation and publication (marked as imported), its index number and
  publication deadline, and `page_published` sent, so everything that follows a publication
  (the site search index, the workflow's bookkeeping) follows it too. It does not enter the
  approval workflow: the content was already published on the old site.
- Lines are written in batches of `BATCH_SIZE`, each batch in one transaction, with a
  savepoint per line. To make 10,000 documents take well under two minutes (bench/
  bench_import.py), a batch takes its index numbers as one block (`IndexNumberBlock`, the
  same counter lock as a single publication), writes its subject words, revisions and audit
  entries in one statement per table, and asks for one search-index task for all its pages.
"""

import html
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

import bleach
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import CharField, F, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.html import escape, strip_tags
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations
from taggit.models import Tag
from treebeard.exceptions import PathOverflow
from wagtail.documents import get_document_model
from wagtail.models import Page, PageLogEntry, Revision, Site
from wagtail.signals import page_published

from departments.models import Organisation
from disclosure.index_numbers import IndexNumberBlock
from disclosure.models import CatalogueColumn, CatalogueRoot, PolicyDocument
from disclosure.models.catalogue import RULE_DOCUMENT
from disclosure.models.items import next_item_slug, validate_attachment_filename
from disclosure.models.policy import (
    GENRE_CHOICES,
    GENRE_OTHER,
    SUBJECT_CHOICES,
    VALIDITY_CHOICES,
    VALIDITY_VALID,
    PolicyDocumentTag,
    normalise_document_number,
    validate_document_number,
)
from search.signal_handlers import batched_page_updates
from workdays.engine import is_working_day
from workdays.local_time import LOCAL_TIME_ZONE, local_today

# The column a catalogue keeps its policy documents in, when --column is not given.
POLICY_DOCUMENTS_SLUG = "policy-documents"

FIELDS = {"title", "body", "document_number", "issuing_body", "written_on", "published_on",
          "subject", "validity", "summary", "tags", "attachments", "genre", "effective_on",
          "validity_changed_on"}
REQUIRED = ("title", "body", "written_on")
FIELD_LABELS = {"title": "标题", "body": "正文", "written_on": "成文日期",
                "published_on": "发布日期", "effective_on": "施行日期",
                "validity_changed_on": "废止（失效、修改）日期"}
BATCH_SIZE = 500
MAX_LINE_BYTES = 2 * 1024 * 1024
# Old documents were published at office hours; the time of day is not known.
PUBLISHED_TIME = time(9, 0)

# The child relation holding a policy document's subject words (主题词).
TAGGED_ITEMS = PolicyDocumentTag.content_object.field.remote_field.get_accessor_name()

# What the body may keep: what Wagtail's rich text shows, plus tables (old documents have them).
ALLOWED_TAGS = {"p", "br", "h2", "h3", "h4", "h5", "h6", "b", "strong", "i", "em", "u", "sub",
                "sup", "ol", "ul", "li", "a", "blockquote", "table", "caption", "thead",
                "tbody", "tfoot", "tr", "th", "td", "hr"}
ALLOWED_ATTRIBUTES = {"a": ["href", "title"], "th": ["colspan", "rowspan", "scope"],
                      "td": ["colspan", "rowspan"]}
ALLOWED_PROTOCOLS = {"http", "https", "mailto"}
BODY_CLEANER = bleach.Cleaner(tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                              protocols=ALLOWED_PROTOCOLS, strip=True, strip_comments=True)
DANGEROUS_ELEMENTS = re.compile(
    r"<(script|style|iframe|object|embed|template|noscript)\b.*?(</\1\s*>|$)",
    re.IGNORECASE | re.DOTALL)
HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class ImportSetupError(Exception):
    """The import cannot start (no catalogue, unknown column, unreadable file)."""


class LineError(ValueError):
    """One line cannot be imported; the message says why."""


@dataclass
class Record:
    """One validated line, ready to become a policy document."""

    line: int
    title: str
    body: str
    written_on: date
    document_number: str = ""
    issuing_body: str = ""
    published_on: date | None = None
    subject: str = "general"
    validity: str = "valid"
    genre: str = GENRE_OTHER
    effective_on: date | None = None
    validity_changed_on: date | None = None
    summary: str = ""
    tags: list[str] = field(default_factory=list)
    attachments: list[Path] = field(default_factory=list)

    @property
    def key(self):
        """What identifies the document across runs (document number, else title + date)."""
        if self.document_number:
            return ("number", self.document_number)
        return ("title", self.title, self.written_on)


@dataclass
class ImportReport:
    """What an import did: counts, the lines it skipped as already present, and the errors."""

    created: int = 0
    existing: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def lines(self):
        return self.created + self.existing + len(self.errors)

    def summary(self) -> str:
        return _("共处理 %(lines)d 行：新建 %(created)d 篇，已存在跳过 %(existing)d 篇，"
                 "出错 %(errors)d 行。") % {
            "lines": self.lines, "created": self.created, "existing": self.existing,
            "errors": len(self.errors)}


def import_documents(path, column_slug=None, *, progress=None, genre=GENRE_OTHER) -> ImportReport:
    """Import the JSON Lines file at `path` into a column (see the module docstring); a line
    without `genre` (文种) takes `genre`."""
    path = Path(path)
    column = resolve_column(column_slug)
    if not path.is_file():
        raise ImportSetupError(_("找不到导入文件：%(path)s") % {"path": path})
    if genre not in dict(GENRE_CHOICES):
        raise ImportSetupError(_("文种“%(value)s”无法识别，可用：rule、normative、other") % {
            "value": genre})
    defaults = _Defaults(column)
    defaults.genre = genre
    report = ImportReport()
    batch = []
    with path.open("rb") as stream:
        for number, raw in enumerate(stream, start=1):
            if not raw.strip():
                continue
            try:
                batch.append(parse_line(raw, number, path.parent, defaults))
            except LineError as error:
                report.errors.append((number, str(error)))
            if len(batch) >= BATCH_SIZE:
                _import_batch(column, batch, report, defaults)
                batch = []
                if progress:
                    progress(report)
    if batch:
        _import_batch(column, batch, report, defaults)
    report.errors.sort()
    return report


def resolve_column(slug=None) -> CatalogueColumn:
    """The target column: the one with `slug`, else the catalogue's policy-documents column."""
    catalogue = _site_catalogue()
    if catalogue is None:
        raise ImportSetupError(_(
            "本站还没有政府信息公开目录，无法导入：请先在管理后台创建“政府信息公开目录”"
            "及其栏目（或运行 make demo）。"))
    columns = CatalogueColumn.objects.descendant_of(catalogue).order_by("path")
    if slug:
        matches = list(columns.filter(slug=slug)[:2])
        if not matches:
            known = "、".join(columns.values_list("slug", flat=True)[:30]) or "—"
            raise ImportSetupError(_("目录中没有标识为“%(slug)s”的栏目。现有栏目：%(known)s") % {
                "slug": slug, "known": known})
        if len(matches) > 1:
            raise ImportSetupError(_("有多个栏目的标识都是“%(slug)s”，请先在后台改为唯一的标识。") % {
                "slug": slug})
        return matches[0]
    column = (columns.filter(slug=POLICY_DOCUMENTS_SLUG).first()
              or columns.filter(rule=RULE_DOCUMENT).first())
    if column is None:
        raise ImportSetupError(_(
            "目录中没有政策文件栏目（标识 %(slug)s 或公开时限规则为“需公开的文件”的栏目），"
            "请用 --column 指定栏目标识。") % {"slug": POLICY_DOCUMENTS_SLUG})
    return column


def _site_catalogue():
    """The disclosure catalogue (a site has at most one: CatalogueRoot.max_count is 1)."""
    return CatalogueRoot.objects.order_by("path").first()


def parse_line(raw: bytes, number: int, base_dir: Path, defaults) -> Record:
    """Validate one line; `LineError` says what is wrong with it."""
    if len(raw) > MAX_LINE_BYTES:
        raise LineError(_("超过 %(limit)d MB，过长") % {"limit": MAX_LINE_BYTES // 1024 // 1024})
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise LineError(_("不是 UTF-8 编码")) from error
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise LineError(_("不是有效的 JSON（第 %(column)d 列：%(reason)s）") % {
            "column": error.colno, "reason": error.msg}) from error
    if not isinstance(data, dict):
        raise LineError(_("应为一个 JSON 对象"))
    unknown = sorted(set(data) - FIELDS)
    if unknown:
        raise LineError(_("有无法识别的字段：%(names)s") % {"names": "、".join(unknown)})
    for name in REQUIRED:
        value = data.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            raise LineError(_("缺少必填字段 %(name)s（%(label)s）") % {
                "name": name, "label": FIELD_LABELS[name]})
    title = _text(data, "title", 255)
    record = Record(
        line=number,
        title=title,
        body=sanitise_body(_text(data, "body", None)),
        written_on=_date(data, "written_on"),
        published_on=_date(data, "published_on") if data.get("published_on") else None,
        summary=_text(data, "summary", 1000),
        issuing_body=_text(data, "issuing_body", 100) or defaults.issuing_body,
        subject=_choice(data, "subject", SUBJECT_CHOICES, "general"),
        validity=_choice(data, "validity", VALIDITY_CHOICES, "valid"),
        genre=_choice(data, "genre", GENRE_CHOICES, defaults.genre),
        effective_on=_date(data, "effective_on") if data.get("effective_on") else None,
        validity_changed_on=(_date(data, "validity_changed_on")
                             if data.get("validity_changed_on") else None),
        tags=_tags(data),
        attachments=_attachments(data, base_dir),
    )
    if not record.body:
        raise LineError(_("正文（body）清理后为空"))
    if record.written_on > defaults.today:
        raise LineError(_("成文日期 %(day)s 晚于今天") % {"day": record.written_on})
    if record.published_on and record.published_on < record.written_on:
        raise LineError(_("发布日期 %(published)s 早于成文日期 %(written)s") % {
            "published": record.published_on, "written": record.written_on})
    if record.validity_changed_on and record.validity_changed_on < record.written_on:
        raise LineError(_("废止（失效、修改）日期 %(changed)s 早于成文日期 %(written)s") % {
            "changed": record.validity_changed_on, "written": record.written_on})
    if record.validity == VALIDITY_VALID:
        record.validity_changed_on = None
    elif record.validity_changed_on is None:
        # The old site did not say when: the day of the import, as an editor's change would.
        record.validity_changed_on = defaults.today
    if record.published_on and record.published_on > defaults.today:
        raise LineError(_("发布日期 %(day)s 晚于今天") % {"day": record.published_on})
    number_text = normalise_document_number(_text(data, "document_number", 50))
    try:
        validate_document_number(number_text)
    except ValidationError as error:
        raise LineError(" ".join(error.messages)) from error
    record.document_number = number_text
    return record


def sanitise_body(value: str) -> str:
    """The body as safe HTML: plain text becomes paragraphs; HTML keeps only what
    `ALLOWED_TAGS` lists (scripts and styles are removed with their content)."""
    value = value.strip()
    if not HTML_TAG.search(value):
        paragraphs = [line.strip() for line in value.splitlines() if line.strip()]
        return "".join(f"<p>{escape(line)}</p>" for line in paragraphs)
    cleaned = BODY_CLEANER.clean(DANGEROUS_ELEMENTS.sub("", value)).strip()
    return cleaned if strip_tags(cleaned).strip() else ""


# --- field helpers -------------------------------------------------------------------------

class _Defaults:
    """What a line takes when it leaves a field out, looked up once per import."""

    def __init__(self, column):
        site = column.get_site() or Site.objects.filter(is_default_site=True).first()
        name = Organisation.for_site(site).organisation_name if site else ""
        self.issuing_body = (name or column.department.name)[:100]
        self.today = local_today()
        self.site = site
        self.page_content_type = ContentType.objects.get_for_model(Page)
        self.document_content_type = ContentType.objects.get_for_model(PolicyDocument)
        self._tags = {}
        self._new_tags = []

    def tag(self, name):
        """The subject word's Tag, created at most once per import."""
        if name not in self._tags:
            self._tags[name], created = Tag.objects.get_or_create(name=name)
            if created:
                self._new_tags.append(name)
        return self._tags[name]

    def keep_new_tags(self):
        """The line that created the new tags was stored: they exist for the next lines."""
        self._new_tags = []

    def forget_new_tags(self):
        """The line that created them was rolled back, and the new tags with it."""
        for name in self._new_tags:
            del self._tags[name]
        self._new_tags = []


def _text(data, name, max_length) -> str:
    value = data.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise LineError(_("字段 %(name)s 应为文本") % {"name": name})
    value = value.strip() if name == "body" else " ".join(value.split())
    if name != "body":
        value = html.unescape(strip_tags(value))
    if max_length and len(value) > max_length:
        raise LineError(_("字段 %(name)s 超过 %(limit)d 个字符") % {
            "name": name, "limit": max_length})
    return value


def _date(data, name) -> date:
    value = data.get(name)
    if not isinstance(value, str) or not ISO_DATE.match(value.strip()):
        raise LineError(_("%(label)s（%(name)s）应为 YYYY-MM-DD 格式的日期，而不是 %(value)s") % {
            "label": FIELD_LABELS[name], "name": name, "value": json.dumps(value,
                                                                         ensure_ascii=False)})
    try:
        return date.fromisoformat(value.strip())
    except ValueError as error:
        raise LineError(_("%(label)s（%(name)s）不是有效日期：%(value)s") % {
            "label": FIELD_LABELS[name], "name": name, "value": value}) from error


def _choice(data, name, choices, default) -> str:
    value = data.get(name)
    if value is None or value == "":
        return default
    if not isinstance(value, str):
        raise LineError(_("字段 %(name)s 应为文本") % {"name": name})
    value = value.strip()
    code = _choice_codes(choices).get(value)
    if code is not None:
        return code
    allowed = "、".join(str(label) for _code, label in choices)
    raise LineError(_("%(name)s 的值“%(value)s”无法识别，可用：%(allowed)s") % {
        "name": name, "value": value, "allowed": allowed})


_CHOICE_CODES = {}


def _choice_codes(choices) -> dict[str, str]:
    """Each code and each (translated) label of `choices`, mapped to the code; made once per
    language rather than translating every label on every line."""
    key = (id(choices), get_language())
    if key not in _CHOICE_CODES:
        codes = {str(label): code for code, label in reversed(choices)}
        codes.update({code: code for code, _label in choices})
        _CHOICE_CODES[key] = codes
    return _CHOICE_CODES[key]


def _tags(data) -> list[str]:
    value = data.get("tags")
    if value is None or value == "":
        return []
    if isinstance(value, str):
        value = re.split(r"[，,；;、\s]+", value)
    if not isinstance(value, list) or not all(isinstance(tag, str) for tag in value):
        raise LineError(_("tags 应为文本列表"))
    tags = []
    for tag in value:
        tag = " ".join(tag.split())
        if len(tag) > 100:
            raise LineError(_("主题词“%(tag)s…”超过 100 个字符") % {"tag": tag[:20]})
        if tag and tag not in tags:
            tags.append(tag)
    return tags


def _attachments(data, base_dir: Path) -> list[Path]:
    value = data.get("attachments")
    if value is None or value == "":
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise LineError(_("attachments 应为文件路径列表"))
    paths = []
    for item in value:
        path = Path(item)
        if not path.is_absolute():
            path = base_dir / path
        if not path.is_file():
            raise LineError(_("附件文件不存在：%(path)s") % {"path": item})
        try:
            validate_attachment_filename(path.name)
        except ValidationError as error:
            raise LineError(" ".join(error.messages)) from error
        paths.append(path)
    return paths


# --- writing -------------------------------------------------------------------------------

def _import_batch(column, records, report, defaults):
    existing = _existing_keys(records)
    new = [record for record in records if record.key not in existing]
    if not new:
        report.existing += len(records)
        return
    # The outer block is the batch's transaction; the inner one a savepoint that every line's
    # own savepoint nests in, so the working-day calendar read at its start stays trusted for
    # the whole batch (workdays.engine re-reads it in every savepoint it was not read in).
    with transaction.atomic(), transaction.atomic(), batched_page_updates():
        is_working_day(defaults.today)
        slots = _ColumnSlots(column)
        # The batch's index numbers in one locked counter update per year (the same lock as a
        # single publication takes), enough for every line not yet stored (a line repeated in
        # the batch included); the serials left unused go back to the counter below.
        numbers = IndexNumberBlock(defaults.site, [_published_at(r).year for r in new])
        stored = []
        for record in records:
            if record.key in existing:
                report.existing += 1
                continue
            stored_files = []
            page = _new_page(column, record, slots)
            try:
                numbers.assign(page)
                with transaction.atomic():
                    children = _save_page(page, record, stored_files, defaults)
            except (OSError, ValidationError, ValueError, IntegrityError) as error:
                numbers.give_back(page)
                defaults.forget_new_tags()
                for name in stored_files:
                    get_document_model()._meta.get_field("file").storage.delete(name)
                message = " ".join(getattr(error, "messages", [str(error)]))
                report.errors.append((record.line, _("保存失败：%(reason)s") % {
                    "reason": message}))
                continue
            existing.add(record.key)
            defaults.keep_new_tags()
            stored.append((page, children))
        numbers.release()
        _publish(stored, defaults)
        Page.objects.filter(pk=column.pk).update(numchild=F("numchild") + len(stored))
        column.numchild += len(stored)
        report.created += len(stored)


def _existing_keys(records) -> set:
    """The keys of `records` that match documents already stored, in two queries."""
    numbers = {record.document_number for record in records if record.document_number}
    titles = {record.title for record in records if not record.document_number}
    keys = {("number", number) for number in PolicyDocument.objects.filter(
        document_number__in=numbers).values_list("document_number", flat=True)}
    keys.update(("title", title, written_on) for title, written_on in PolicyDocument.objects
                .filter(title__in=titles).values_list("title", "written_on"))
    return keys


def _published_at(record) -> datetime:
    """When the old site published the document (the time of day is not known)."""
    return datetime.combine(record.published_on or record.written_on, PUBLISHED_TIME,
                            tzinfo=LOCAL_TIME_ZONE)


def _new_page(column, record, slots) -> PolicyDocument:
    """The page in memory, placed in the tree as treebeard's `add_child` places a new last
    child, but with the position taken from `slots` instead of a lookup per page."""
    published_at = _published_at(record)
    page = PolicyDocument(
        title=record.title, draft_title=record.title, slug=slots.next_slug(),
        body=record.body, summary=record.summary, document_number=record.document_number,
        issuing_body=record.issuing_body, written_on=record.written_on,
        formed_on=record.written_on, published_on=published_at.date(), subject=record.subject,
        validity=record.validity, genre=record.genre, effective_on=record.effective_on,
        validity_changed_on=record.validity_changed_on, locale_id=column.locale_id,
        path=slots.next_path(), depth=column.depth + 1, numchild=0,
        live=True, has_unpublished_changes=False,
        first_published_at=published_at, last_published_at=published_at,
    )
    page.set_url_path(column)
    page._cached_parent_obj = column  # as treebeard's add_child does: no query for the parent
    # A new page (with a new translation key) is no site's root: Wagtail's save need not ask.
    page._is_site_root = False
    return page


def _save_page(page, record, stored_files, defaults) -> dict:
    """Save one new live page with its attachments; return its related rows as they were
    saved, for its revision. Its subject words are held back, to be written for the whole
    batch in one statement by `_publish` (nothing listens to their saves)."""
    page.tags.set([defaults.tag(name) for name in record.tags])
    for position, path in enumerate(record.attachments):
        document = _store_attachment(path, record.title, stored_files)
        page.attachments.add(page.attachments.model(document=document, sort_order=position))
    children = dict(page._cluster_related_objects)
    page._cluster_related_objects.pop(TAGGED_ITEMS, None)
    page.save(clean=False, log_action=None)  # its "created" entry is written by `_publish`
    page._saved_at = timezone.now()
    return children


def _publish(stored, defaults):
    """Publish the batch's saved pages as Wagtail's publish action leaves a page: each with one
    revision, live and latest, its audit log entries (created, published — marked as imported)
    and `page_published` sent. Written in one statement per table for the whole batch; the
    signal is sent per page once everything it may look at is in place."""
    PolicyDocumentTag.objects.bulk_create(
        [row for _page, children in stored for row in children.get(TAGGED_ITEMS, [])])
    revisions = Revision.objects.bulk_create([
        Revision(content_object=page, base_content_type=defaults.page_content_type,
                 content=_revision_content(page, children), object_str=str(page),
                 created_at=page._saved_at)
        for page, children in stored])
    pages = [page for page, _children in stored]
    for page, revision in zip(pages, revisions, strict=True):
        page.latest_revision = page.live_revision = revision
        page.latest_revision_created_at = revision.created_at
    # Each page has this one revision: point the pages at it in one statement.
    revision = Revision.objects.filter(base_content_type=defaults.page_content_type,
                                       object_id=Cast(OuterRef("pk"), CharField()))
    Page.objects.filter(pk__in=[page.pk for page in pages]).update(
        latest_revision=Subquery(revision.values("pk")[:1]),
        live_revision=Subquery(revision.values("pk")[:1]),
        latest_revision_created_at=Subquery(revision.values("created_at")[:1]))
    # The audit trail (留痕); `log()` would validate each entry with three queries.
    PageLogEntry.objects.bulk_create(
        [entry for page in pages for entry in _log_entries(page, defaults)])
    for page, revision in zip(pages, revisions, strict=True):
        page_published.send(sender=PolicyDocument, instance=page, revision=revision)


def _revision_content(page, children) -> dict:
    """What Wagtail stores in a revision of the page just saved (`page.serializable_data()`),
    from the related rows it was saved with instead of reading them back: held in memory again
    for the moment (with the relations a new page never had as empty lists), then let go, so
    that the page reads them from the database as usual afterwards."""
    pending = page._cluster_related_objects = getattr(page, "_cluster_related_objects", {})
    held = dict(children)
    for m2m in get_all_child_m2m_relations(page):
        held.setdefault(m2m.name, [])
    for relation in get_all_child_relations(page):
        held.setdefault(relation.get_accessor_name(), [])
    pending.update(held)
    try:
        return page.serializable_data()
    finally:
        for name in held:
            pending.pop(name, None)


def _log_entries(page, defaults) -> list[PageLogEntry]:
    """What Wagtail logs when a page is created and published, the publication marked as
    imported."""
    now = page._saved_at
    common = {"page_id": page.pk, "content_type": defaults.document_content_type,
              "label": str(page), "content_changed": True}
    return [
        PageLogEntry(action="wagtail.create", data={}, timestamp=now, **common),
        PageLogEntry(action="wagtail.publish", data={"imported": True}, timestamp=now,
                     revision=page.live_revision, **common),
    ]


def _store_attachment(path: Path, page_title: str, stored_files):
    Document = get_document_model()
    with path.open("rb") as fileobj:
        document = Document(title=path.stem[:255] or page_title[:255])
        document.file.save(path.name, File(fileobj), save=False)
        stored_files.append(document.file.name)
        document._set_document_file_metadata()
        document.save()
    return document


class _ColumnSlots:
    """Free slugs and tree paths for new children of a column, read once per batch.

    The batch runs in one transaction, so no other writer takes them in between (SQLite
    serialises writers; on PostgreSQL a clash fails that line's savepoint and it is reported).
    """

    def __init__(self, column):
        children = Page.objects.filter(path__startswith=column.path, depth=column.depth + 1)
        self.taken = set(children.values_list("slug", flat=True))
        self.column = column
        last_path = children.order_by("-path").values_list("path", flat=True).first()
        # The position of the last child in its parent (treebeard's last path step).
        self.position = Page._str2int(last_path[-Page.steplen:]) if last_path else 0

    def next_path(self) -> str:
        """The path of a new last child, as treebeard's `add_child` makes it."""
        self.position += 1
        if len(Page._int2str(self.position)) > Page.steplen:
            raise PathOverflow(f"Path Overflow from: '{self.column.path}'")
        return Page._get_path(self.column.path, self.column.depth + 1, self.position)

    def next_slug(self) -> str:
        """The next `<year>-<serial>` address among the column's children, as the admin gives."""
        slug = next_item_slug(self.taken, local_today().year)
        self.taken.add(slug)
        return slug
