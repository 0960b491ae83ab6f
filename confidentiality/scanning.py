"""Running the detectors over pieces of text and turning hits into located findings."""

from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass

from django.utils.translation import gettext as _

from textextract import extract_segments

from .detectors import SEPARATOR, Term, find_spans
from .models import SensitiveTerm
from .report import Finding, ScanReport


@dataclass(frozen=True)
class Piece:
    """Text to scan and its place. A multi-line piece adds the line (or paragraph) to the
    place of each finding: "第3页" + "第12行"."""

    location: str
    text: str
    field: str = ""
    attachment_id: int | None = None
    line_unit: str = "行"


def scan_text(text: str, location: str = "", *, field: str = "", terms=None) -> ScanReport:
    """Scan one string. `terms` defaults to the disclosure office's sensitive-term list."""
    return scan_pieces([Piece(location, text, field=field)], terms=terms)


def scan_file(fileobj, filename: str, *, location_prefix: str = "", attachment_id=None,
              terms=None) -> ScanReport:
    """Scan a PDF, DOCX, XLSX or text file. Raises textextract.UnreadableDocument when the
    file cannot be read; the caller decides what that means (scan_page blocks on it)."""
    segments = extract_segments(fileobj, filename)

    def piece(index):  # built only for segments with a finding: a sheet has 10⁵–10⁶ cells
        segment = segments[index]
        return Piece(_join(location_prefix, segment.location), segment.text,
                     attachment_id=attachment_id)

    report = _scan([segment.text for segment in segments], piece, terms)
    report.scanned.append(location_prefix or filename)
    return report


def scan_pieces(pieces: list[Piece], *, terms=None) -> ScanReport:
    """Scan many pieces at once: they are joined into one string so each detector runs once."""
    return _scan([piece.text for piece in pieces], pieces.__getitem__, terms)


def _scan(texts: list[str], piece_at, terms) -> ScanReport:
    if terms is None:
        terms = load_terms()
    # Each distinct text is scanned once (spreadsheets repeat names, places, statuses): no
    # pattern reaches across the separator, so a text's findings do not depend on its
    # neighbours, and every place the text occurs gets the same findings.
    distinct = list(dict.fromkeys(texts))
    joined = SEPARATOR.join(distinct)
    if joined.count(SEPARATOR) > len(distinct) - 1:  # a text holds the separator itself
        texts = [text.replace(SEPARATOR, " ") for text in texts]
        distinct = list(dict.fromkeys(texts))
        joined = SEPARATOR.join(distinct)
    starts = list(itertools.accumulate((len(text) + 1 for text in distinct[:-1]), initial=0))
    hits = [(bisect.bisect_right(starts, hit.start) - 1, hit) for hit in find_spans(joined, terms)]
    # Where each text with a finding occurs: one pass, and only when something was found.
    places: dict[str, list[int]] = {distinct[which]: [] for which, _hit in hits}
    if places:
        for index, text in enumerate(texts):
            if text in places:
                places[text].append(index)
    located = []
    for which, hit in hits:
        text = distinct[which]
        for index in places[text]:
            located.append((index, hit.start - starts[which], hit, text))
    located.sort(key=lambda item: (item[0], item[1]))
    findings = []
    for index, local, hit, text in located:
        piece = piece_at(index)
        findings.append(Finding(
            location=_line_location(piece, text, local),
            kind=hit.kind,
            severity=hit.severity,
            text=text[local:local + hit.end - hit.start],
            suggestion=hit.suggestion,
            field=piece.field,
            attachment_id=piece.attachment_id,
            note=hit.note,
        ))
    return ScanReport(findings=findings)


def load_terms() -> list[Term]:
    """The disclosure office's sensitive words and phrases (SensitiveTerm, kept in the admin)."""
    return [Term(term.term, term.severity, term.note) for term in SensitiveTerm.objects.all()]


def _line_location(piece: Piece, text: str, offset: int) -> str:
    if "\n" not in text:
        return piece.location
    line = text.count("\n", 0, offset) + 1
    return _join(piece.location, _("第%(n)d%(unit)s") % {"n": line, "unit": piece.line_unit})


def _join(prefix: str, location: str) -> str:
    if prefix and location:
        return f"{prefix} {location}"
    return prefix or location
