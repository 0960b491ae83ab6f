"""Bar charts drawn on the server as SVG (no script), each shown beside its data table.

The SVG is built from numbers and escaped labels only; `role="img"` with a title and a
description makes it readable by screen readers, and the table carries the same figures."""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import mark_safe

WIDTH = 640
BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 150
VALUE_WIDTH = 120


def bar_chart(title: str, rows: list[tuple[str, Decimal]]) -> str:
    """A horizontal bar chart of (label, value) pairs, as safe SVG markup."""
    height = max(len(rows), 1) * (BAR_HEIGHT + GAP) + GAP
    largest = max((value for _label, value in rows), default=Decimal("0")) or Decimal("1")
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="fund-chart" role="img" '
             f'viewBox="0 0 {WIDTH} {height}" width="100%" aria-labelledby="c-t">',
             f"<title>{escape(title)}</title>"]
    for index, (label, value) in enumerate(rows):
        y = GAP + index * (BAR_HEIGHT + GAP)
        length = int(span * (value / largest)) if value else 0
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 16}" text-anchor="end" font-size="13">'
            f"{escape(label)}</text>"
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{max(length, 1)}" height="{BAR_HEIGHT}" '
            f'fill="#b22c2c"></rect>'
            f'<text x="{LABEL_WIDTH + max(length, 1) + 6}" y="{y + 16}" font-size="13">'
            f"{value:,.2f}</text>")
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every label is escaped above
