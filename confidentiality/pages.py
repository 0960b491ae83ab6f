"""Scanning a page: its own text, rich text, StreamField blocks, table cells and attachments."""

from __future__ import annotations

import logging
import os
import re
from html import unescape
from html.parser import HTMLParser

from django.db import models
from django.utils.translation import gettext as _
from wagtail import blocks
from wagtail.documents import get_document_model
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from textextract import LimitExceeded, UnreadableDocument

from .report import BLOCK, UNREADABLE, Finding, ScanReport
from .scanning import Piece, load_terms, scan_file, scan_pieces

logger = logging.getLogger("confidentiality.pages")

# Page fields that are Wagtail's machinery, not content the public reads.
SKIPPED_FIELDS = {
    "slug", "path", "url_path", "draft_title", "content_type", "locale", "translation_key",
    "live_revision", "latest_revision", "owner", "locked_by", "page_ptr", "alias_of",
}
_DOCUMENT_LINK = re.compile(r"<a\b[^>]*\blinktype=\"document\"[^>]*>", re.IGNORECASE)
_ID_ATTRIBUTE = re.compile(r"\bid=\"(\d+)\"")


def scan_for_gate(page) -> tuple[dict, str]:
    """(report as a dict, error text) of `scan_page(page)`, for a check that must stay shut
    whatever goes wrong: a scanner that fails counts as one blocking finding, so that nothing
    is published unchecked (条例 第十四至十六条)."""
    try:
        return scan_page(page).as_dict(), ""
    except Exception as error:  # the gate stays shut whatever went wrong
        logger.exception("confidentiality scan failed for page %s", page.pk)
        message = f"{type(error).__name__}: {error}"
        return ({"findings": [{"location": "扫描程序", "kind": "scanner_error", "severity": BLOCK,
                               "text": message, "suggestion": None}],
                 "has_blocking": True}, message)


def scan_page(page, revision=None, *, terms=None, attachments=True) -> ScanReport:
    """Scan `page` as given (or, with `revision`, that revision's content): every text field,
    rich text, StreamField text and table cell, and every Wagtail Document it refers to
    (inline attachment rows, document fields and blocks, document links in rich text).

    To scan the draft under review pass `revision.as_object()` or
    `page.get_latest_revision_as_object()`: a page loaded from the database holds its live
    content, and its inline rows (attachments) are the live ones. `attachments=False` reads
    the page's own text only."""
    if terms is None:
        terms = load_terms()
    subject = _revision_object(page, revision)
    pieces: list[Piece] = []
    documents: dict[int, object] = {}
    for model_field in subject._meta.get_fields():
        _collect_field(subject, model_field, pieces, documents)
    # Content the page shows from outside its own fields (e.g. a fund batch's payment rows,
    # which never live in a revision) is handed over by the page itself, as it will be shown.
    extra = getattr(subject, "confidentiality_pieces", None)
    for location, text in (extra() if extra else []):
        pieces.append(Piece(location, text, field=location))
    report = scan_pieces(pieces, terms=terms)
    report.scanned.extend(sorted({_field_label(subject, piece.field) for piece in pieces}))
    if attachments:
        for document in documents.values():
            report.extend(_scan_document(document, terms))
    return report


def html_to_text(html: str) -> str:
    """Rich text (Wagtail's stored HTML) as plain text, one line per paragraph, list item,
    heading or table cell, so findings can say "第3段"."""
    parser = _TextParser()
    parser.feed(html or "")
    parser.close()
    return "".join(parser.parts).strip("\n")


# --- collecting text and documents ---------------------------------------------------------


def _revision_object(page, revision):
    if revision is not None:
        return revision.as_object()
    return page.specific if isinstance(page, Page) and type(page) is Page else page


def _collect_field(subject, model_field, pieces, documents):
    name = getattr(model_field, "name", "")
    if name in SKIPPED_FIELDS:
        return
    document_model = get_document_model()
    if isinstance(model_field, StreamField):
        value = getattr(subject, name)
        label = _field_label(subject, name)
        for location, text, line_unit in _walk_stream(value, label, documents):
            pieces.append(Piece(location, text, field=name, line_unit=line_unit))
    elif isinstance(model_field, RichTextField):
        source = getattr(subject, name) or ""
        _collect_document_links(source, documents)
        pieces.append(Piece(_field_label(subject, name), html_to_text(source), field=name,
                            line_unit=_("段")))
    elif isinstance(model_field, (models.CharField, models.TextField)) and not model_field.choices:
        value = getattr(subject, name) or ""
        if value:
            pieces.append(Piece(_field_label(subject, name), str(value), field=name))
    elif (isinstance(model_field, models.ForeignKey) and not model_field.auto_created
          and model_field.related_model is document_model):
        document = getattr(subject, name)
        if document is not None:
            documents.setdefault(document.pk, document)
    elif model_field.one_to_many and model_field.auto_created:
        _collect_related(subject, model_field, documents)


def _collect_related(subject, relation, documents):
    """Inline rows (ParentalKey orderables such as `attachments`) with a Document FK."""
    document_model = get_document_model()
    related_model = relation.related_model
    document_fields = [
        f for f in related_model._meta.get_fields()
        if isinstance(f, models.ForeignKey) and f.related_model is document_model
    ]
    if not document_fields or relation.get_accessor_name() is None:
        return
    manager = getattr(subject, relation.get_accessor_name(), None)
    if manager is None:
        return
    for row in manager.all():
        for document_field in document_fields:
            document = getattr(row, document_field.name, None)
            if document is not None:
                documents.setdefault(document.pk, document)


def _walk_stream(value, label, documents):
    for index, child in enumerate(value or [], start=1):
        block_label = _("%(field)s 第%(n)d块（%(type)s）") % {
            "field": label, "n": index, "type": child.block.label or child.block_type}
        yield from _walk_block(child.block, child.value, block_label, documents)


def _walk_block(block, value, location, documents):
    from wagtail.contrib.table_block.blocks import TableBlock
    from wagtail.contrib.typed_table_block.blocks import TypedTableBlock
    from wagtail.documents.blocks import DocumentChooserBlock

    if value is None:
        return
    if isinstance(block, blocks.RichTextBlock):
        _collect_document_links(value.source, documents)
        yield location, html_to_text(value.source), _("段")
    elif isinstance(block, DocumentChooserBlock):
        documents.setdefault(value.pk, value)
    elif isinstance(block, TableBlock):
        for r, row in enumerate(value.get("data") or [], start=1):
            for c, cell in enumerate(row or [], start=1):
                if cell:
                    yield _cell_location(location, r, c), str(cell), _("行")
        if value.get("table_caption"):
            yield location, str(value["table_caption"]), _("行")
    elif isinstance(block, TypedTableBlock):
        for r, row in enumerate(value.row_data, start=1):
            for c, (column, cell) in enumerate(zip(value.columns, row["values"], strict=False),
                                               start=1):
                yield from _walk_block(column["block"], cell, _cell_location(location, r, c),
                                       documents)
        if value.caption:
            yield location, str(value.caption), _("行")
    elif isinstance(block, blocks.StructBlock):
        for name, child_block in block.child_blocks.items():
            yield from _walk_block(child_block, value.get(name), location, documents)
    elif isinstance(block, blocks.ListBlock):
        for item in value:
            yield from _walk_block(block.child_block, item, location, documents)
    elif isinstance(block, blocks.StreamBlock):
        for child in value:
            yield from _walk_block(child.block, child.value, location, documents)
    elif isinstance(value, str) and value.strip():
        yield location, value, _("行")


def _cell_location(location, row, column):
    return _("%(where)s 第%(r)d行第%(c)d列") % {"where": location, "r": row, "c": column}


def _collect_document_links(html, documents):
    ids = []
    for tag in _DOCUMENT_LINK.findall(html or ""):
        found = _ID_ATTRIBUTE.search(tag)
        if found:
            ids.append(int(found.group(1)))
    if ids:
        for document in get_document_model().objects.filter(pk__in=ids):
            documents.setdefault(document.pk, document)


def _field_label(subject, name) -> str:
    try:
        return str(subject._meta.get_field(name).verbose_name)
    except Exception:
        return name


def _scan_document(document, terms) -> ScanReport:
    filename = os.path.basename(document.file.name)
    prefix = _("附件“%(title)s”") % {"title": document.title}
    try:
        with document.open_file() as handle:
            return scan_file(handle, filename, location_prefix=prefix,
                             attachment_id=document.pk, terms=terms)
    except (UnreadableDocument, OSError) as error:
        return ScanReport(findings=[Finding(
            location=prefix, kind=UNREADABLE, severity=BLOCK, text=filename,
            attachment_id=document.pk, note=_unreadable_note(document, error),
        )], scanned=[prefix])


def _unreadable_note(document, error) -> str:
    """Why an attachment could not be checked; it blocks until the officer has read it."""
    if isinstance(error, LimitExceeded):  # a zip bomb, a huge workbook, a slow file
        return _("附件“%(title)s”%(reason)s，无法检查；请人工审查该附件后说明理由放行") % {
            "title": document.title, "reason": error.reason}
    reason = error.reason if isinstance(error, UnreadableDocument) else _("文件缺失")
    return _("无法自动检查（%(reason)s），请人工审查该附件后说明理由放行") % {"reason": reason}


class _TextParser(HTMLParser):
    BLOCK_TAGS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr",
                  "pre", "table", "ul", "ol", "figure", "figcaption"}
    CELL_TAGS = {"td", "th"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "br":
            self.parts.append("\n")
        elif tag in self.CELL_TAGS:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in self.BLOCK_TAGS:
            if self.parts and not self.parts[-1].endswith("\n"):
                self.parts.append("\n")
        elif tag in self.CELL_TAGS:
            self.parts.append(" ")

    def handle_data(self, data):
        self.parts.append(unescape(data) if "&" in data else data)
