"""The text of attachments (PDF, DOCX, XLSX, plain text), for the confidentiality scanner and
the search index. A plain package, not a Django app: it has no models and imports none of the
project's apps (only Django's settings and translations).

    from textextract import extract_segments, extract_text, UnreadableDocument
"""

from .errors import UnreadableDocument, UnsupportedFormat
from .extract import SUPPORTED_EXTENSIONS, Segment, detect_format, extract_segments, extract_text
from .limits import ExtractionLimits, LimitExceeded

__all__ = [
    "SUPPORTED_EXTENSIONS",
    "ExtractionLimits",
    "LimitExceeded",
    "Segment",
    "UnreadableDocument",
    "UnsupportedFormat",
    "detect_format",
    "extract_segments",
    "extract_text",
]
