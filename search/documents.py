"""What is indexed: every live, public, unexpired page whose specific class has `search_document()`.

`search_document()` returns a dict with the keys of `IndexDocument` below; missing
keys are empty. A page is *indexable* when the public can see it right now: live (a scheduled
page is not live until its time comes — Wagtail sends `page_published` for scheduled pages too,
wagtail #13959, so the signal alone proves nothing), not expired, and under no view restriction.
The same conditions are applied again when a query runs (`backends.database`), so a page that
stops being public between an update and its task is never shown.
"""

import hashlib
import json
import logging
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from html import unescape

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone
from django.utils.html import strip_tags
from wagtail.models import Page, get_page_models

from search.numbers import document_number_key, index_number_key
from search.segmentation import index_tokens
from textextract import UnreadableDocument, extract_segments
from workdays.local_time import local_date

logger = logging.getLogger(__name__)

# Attachment text beyond this many characters per page is not indexed (a 500-page annex
# would otherwise dominate the index and slow every update of the page).
ATTACHMENT_TEXT_LIMIT = 200_000


@dataclass
class IndexDocument:
    """The text and metadata of one page, as every backend indexes it."""

    page_id: int
    url: str
    title: str
    summary: str = ""
    body: str = ""
    document_number: str = ""
    index_number: str = ""
    issuing_body: str = ""
    column: str = ""
    column_id: int | None = None
    kind: str = ""
    subject: str = ""
    validity: str = ""
    published_on: date | None = None
    expire_at: datetime | None = None
    attachment_ids: list = field(default_factory=list)
    attachments_text: str = ""

    @property
    def year(self) -> int | None:
        return self.published_on.year if self.published_on else None

    @property
    def document_number_key(self) -> str:
        return document_number_key(self.document_number)

    @property
    def index_number_key(self) -> str:
        return index_number_key(self.index_number)

    def fingerprint(self) -> str:
        """A hash of everything indexed, attachments by their file hash (so `check` is cheap)."""
        data = asdict(self)
        data.pop("attachments_text")
        encoded = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False)
        return hashlib.sha256(encoded.encode("utf-8")).hexdigest()

    def token_fields(self) -> dict[str, str]:
        """The segmented text, by weight: title, numbers and metadata, body, attachments."""
        numbers = " ".join(filter(None, [self.document_number, self.index_number]))
        meta = " ".join(filter(None, [numbers, self.summary, self.subject, self.issuing_body,
                                      self.column, self.kind]))
        return {
            "title_tokens": " ".join(index_tokens(self.title)),
            "meta_tokens": " ".join(index_tokens(meta)),
            "body_tokens": " ".join(index_tokens(self.body)),
            "attachment_tokens": " ".join(index_tokens(self.attachments_text)),
        }


def searchable_models() -> list[type]:
    """Page models that take part in search: those defining `search_document()`."""
    return [model for model in get_page_models() if callable(getattr(model, "search_document", None))]


def indexable_pages():
    """Every page that belongs in the index now (specific pages not loaded)."""
    models = searchable_models()
    if not models:
        return Page.objects.none()
    content_types = ContentType.objects.get_for_models(*models, for_concrete_models=False).values()
    return (
        Page.objects.live().public()
        .filter(content_type__in=list(content_types), expired=False)
        .filter(Q(expire_at__isnull=True) | Q(expire_at__gt=timezone.now()))
    )


def build_document(page: Page, with_attachments: bool = True) -> IndexDocument:
    """Read the page's `search_document()` into an IndexDocument."""
    specific = page.specific
    data = specific.search_document() or {}
    attachments = [doc for doc in (data.get("attachments") or []) if doc is not None]
    published_on = data.get("published_on")
    if isinstance(published_on, datetime):
        published_on = local_date(published_on)
    if published_on is None and page.first_published_at:
        published_on = local_date(page.first_published_at)
    document = IndexDocument(
        page_id=page.pk,
        url=specific.get_url() or "",
        title=_text(data.get("title")) or page.title,
        summary=_text(data.get("summary")),
        body=_text(data.get("body")),
        document_number=_text(data.get("document_number")),
        index_number=_text(data.get("index_number")),
        issuing_body=_text(data.get("issuing_body")),
        column=_text(data.get("column")),
        column_id=data.get("column_id") or None,
        kind=_text(data.get("kind_label") or data.get("kind")) or str(specific._meta.verbose_name),
        subject=_subject_text(data.get("subject")),
        validity=_text(data.get("validity")),
        published_on=published_on,
        expire_at=page.expire_at,
        attachment_ids=[(doc.pk, getattr(doc, "file_hash", "")) for doc in attachments],
    )
    if with_attachments and attachments:
        document.attachments_text = attachment_text(attachments)
    return document


def attachment_text(documents) -> str:
    """The text of the attachments (PDF, DOCX, XLSX, TXT), through the project's one extractor
    (`textextract`)."""
    parts, total = [], 0
    for document in documents:
        try:
            with document.file.open("rb") as handle:
                segments = extract_segments(handle, document.file.name)
        except (UnreadableDocument, OSError):  # a broken file must not stop the page's indexing
            logger.warning("附件文字提取失败：document %s", document.pk, exc_info=True)
            continue
        for segment in segments:
            parts.append(segment.text)
            total += len(segment.text)
            if total >= ATTACHMENT_TEXT_LIMIT:
                return "\n".join(parts)[:ATTACHMENT_TEXT_LIMIT]
    return "\n".join(parts)


def _text(value) -> str:
    """Plain text of a value that may be rich text, a StreamField value or None."""
    if value is None:
        return ""
    if hasattr(value, "render_as_block") and not isinstance(value, str):
        value = value.render_as_block()
    # A space where each tag was, so that words of adjacent paragraphs stay apart.
    text = unescape(strip_tags(str(value).replace("<", " <")))
    return " ".join(text.split())


def _subject_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    try:
        return " ".join(str(item) for item in value)
    except TypeError:
        return str(value)
