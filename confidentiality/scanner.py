"""The confidentiality scanner (保密审查 自动检查): what in a page or file may not be published.

    from confidentiality.scanner import scan_text, scan_file, scan_page, scan_for_gate, ScanReport

`scan_page(page)` reads the page's latest revision (the draft under review): its text fields,
rich text, StreamField text and table cells, and every attachment (Wagtail Documents the page
refers to), and returns a `ScanReport`; `scan_for_gate(page)` is the same scan as a plain dict,
for a check that must stay shut (a failing scanner counts as a blocking finding). The detectors
and the law behind them are in `confidentiality/detectors.py`; the masks are `personaldata`'s.
"""

from __future__ import annotations

from .pages import scan_for_gate, scan_page
from .report import KIND_LABELS, SEVERITY_LABELS, Finding, ScanReport
from .scanning import Piece, load_terms, scan_file, scan_pieces, scan_text

__all__ = [
    "KIND_LABELS",
    "SEVERITY_LABELS",
    "Finding",
    "Piece",
    "ScanReport",
    "load_terms",
    "scan_file",
    "scan_for_gate",
    "scan_page",
    "scan_pieces",
    "scan_text",
]
