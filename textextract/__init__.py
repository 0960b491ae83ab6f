"""The text of attachments (PDF, DOCX, XLSX, plain text), for the confidentiality scanner and
the search index. A plain package, not a Django app: it has no models and imports none of the
project's apps (only Django's settings and translations).

    from textextract import extract_segments, extract_text, UnreadableDocument
"""

from .extract import (
    SUPPORTED_EXTENSIONS,
    Segment,
    UnreadableDocument,
    UnsupportedFormat,
    detect_format,
    extract_segments,
    extract_text,
)

__all__ = [
    "SUPPORTED_EXTENSIONS",
    "Segment",
    "UnreadableDocument",
    "UnsupportedFormat",
    "detect_format",
    "extract_segments",
    "extract_text",
]
