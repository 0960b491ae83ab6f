"""Table 二 of the annual report (国办公开办函〔2021〕30号), the part counted from the catalogue:
规章 and 行政规范性文件 issued this year, repealed this year, and in force on 31 December
(条例 第二十条第（一）项). The rule, in words, is in docs/annual_report.md:

- counted: live policy documents whose 文种 is 规章 or 行政规范性文件;
- 本年制发: 成文日期 within the year;
- 本年废止: 有效性 已废止 or 已失效, its change dated within the year;
- 现行有效: written on or before 31 December, and on that day not yet repealed or expired
  (有效 and 已修改 count as in force; a repeal dated after 31 December does not count yet).
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from disclosure.models.policy import (
    GENRE_NORMATIVE,
    GENRE_RULE,
    VALIDITY_ENDED,
    VALIDITY_IN_FORCE,
    PolicyDocument,
)

COUNTED_GENRES = (GENRE_RULE, GENRE_NORMATIVE)


@dataclass(frozen=True)
class GenreCounts:
    issued: int
    repealed: int
    in_force: int


def document_counts(year: int) -> dict[str, GenreCounts]:
    """{genre: GenreCounts} for 规章 and 行政规范性文件 in `year`."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    result = {}
    for genre in COUNTED_GENRES:
        documents = PolicyDocument.objects.live().filter(genre=genre)
        issued = documents.filter(written_on__range=(start, end)).count()
        repealed = documents.filter(validity__in=VALIDITY_ENDED,
                                    validity_changed_on__range=(start, end)).count()
        in_force = documents.filter(written_on__lte=end).filter(
            Q(validity__in=VALIDITY_IN_FORCE)
            | Q(validity__in=VALIDITY_ENDED, validity_changed_on__gt=end)).count()
        result[genre] = GenreCounts(issued=issued, repealed=repealed, in_force=in_force)
    return result
