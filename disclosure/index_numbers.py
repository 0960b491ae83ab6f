"""Index numbers (索引号) of catalogue entries: 条例 第十二条 asks every entry to carry one.

An entry gets its number the first time it really goes live (never when merely scheduled);
the number is unique and never reused, even when the entry is later withdrawn or deleted.
Serials come from the site's one serial counter (`serials.counters`, counter
"index_numbers"), whose row is locked with SELECT ... FOR UPDATE, so two first publications at
the same moment, in two processes, can never share a number.

A bulk import takes its serials in blocks (`IndexNumberBlock`): one locked counter update per
year for a whole batch instead of one per page, under the same lock; serials its batch did not
use go back to the counter before anyone else can take the ones after them, so the numbers are
the ones page-by-page publication would have given.
"""

from collections import Counter
from string import Formatter

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Site

from departments.models import Organisation
from disclosure.models.items import (
    DEFAULT_INDEX_NUMBER_FORMAT,
    LOCAL_TIME_ZONE,
    DisclosureSettings,
)
from serials import counters

COUNTER = "index_numbers"

PLACEHOLDERS = {"organisation_code", "year", "serial"}


def assign_index_number(item) -> str:
    """Give `item` its index number (in memory; the caller saves it) unless it has one."""
    if item.index_number:
        return item.index_number
    site = item.get_site() or Site.objects.filter(is_default_site=True).first()
    number_format = _index_number_format(site)
    organisation_code = _organisation_code(site)
    year = publication_year(item)
    serial = next_serial(_scope(number_format, year))
    item.index_number = format_index_number(number_format, organisation_code, year, serial)
    return item.index_number


def publication_year(item) -> int:
    """The year an index number carries: that of the first publication (Asia/Shanghai)."""
    published = item.first_published_at or timezone.now()
    return timezone.localtime(published, LOCAL_TIME_ZONE).year


def _scope(number_format: str, year: int) -> str:
    """Serials restart each year when the format shows the year, else run on for ever."""
    return str(year) if "{year" in number_format else "all"


def next_serial(scope: str) -> int:
    """Take the next serial of `scope`, holding the counter row's lock until the transaction
    ends, so that a concurrent caller waits and gets the following one."""
    return reserve_serials(scope, 1)[0]


def reserve_serials(scope: str, count: int) -> range:
    """Take the next `count` serials of `scope` at once, under the lock `next_serial` takes
    (held until the caller's transaction ends)."""
    return counters.reserve(COUNTER, scope, count)


class IndexNumberBlock:
    """Index numbers for many first publications in one transaction (a bulk import's batch).

    `IndexNumberBlock(site, years)` reads the format and organisation code once and reserves,
    per scope, as many serials as `years` (the publication year of each page to come, see
    `publication_year`) asks for, each scope's counter locked until the transaction ends — so
    concurrent publications wait, exactly as they wait for a page being published.
    `assign(item)` gives the item the lowest serial left in its scope; `give_back(item)` returns
    an item's serial when its page was not stored after all (its savepoint rolled back), for the
    next item; `release()`, before the transaction ends, hands back to the counter the serials
    nobody used, so no number is skipped. Create it inside `transaction.atomic()` and outside
    the savepoints of single items (a serial reserved inside a savepoint that rolls back would
    no longer be counted).
    """

    def __init__(self, site, years=()):
        self.number_format = _index_number_format(site)
        self.organisation_code = _organisation_code(site)
        self._free: dict[str, list[int]] = {}
        self._taken_up_to: dict[str, int] = {}
        for scope, count in Counter(_scope(self.number_format, year) for year in years).items():
            self._reserve(scope, count)

    def _reserve(self, scope: str, count: int) -> None:
        serials = reserve_serials(scope, count)
        self._free.setdefault(scope, []).extend(serials)
        self._taken_up_to[scope] = serials[-1]

    def assign(self, item) -> str:
        """Give `item` its index number (in memory; the caller saves it) unless it has one."""
        if item.index_number:
            return item.index_number
        year = publication_year(item)
        scope = _scope(self.number_format, year)
        if not self._free.get(scope):
            raise LookupError(f"no index number reserved for {year} (scope {scope})")
        serial = self._free[scope].pop(0)
        item.index_number = format_index_number(self.number_format, self.organisation_code,
                                                year, serial)
        item._index_serial = (scope, serial)
        return item.index_number

    def give_back(self, item) -> None:
        """`item` was not stored: its serial was never published and goes to the next item."""
        taken = getattr(item, "_index_serial", None)
        if taken is None:
            return
        scope, serial = taken
        self._free[scope].append(serial)
        self._free[scope].sort()
        item.index_number = None
        del item._index_serial

    def release(self) -> None:
        """Hand the unused serials back to the counters: the counter is moved back over the
        unused tail of the block, only if nobody (this transaction included) took one after it.
        An unused serial below a used one stays unused: it can no longer be given back."""
        for scope, free in self._free.items():
            top = self._taken_up_to[scope]
            lowest = top + 1
            for serial in sorted(free, reverse=True):
                if serial != lowest - 1:
                    break
                lowest = serial
            if lowest <= top:
                counters.give_back(COUNTER, scope, top, lowest)
            self._free[scope] = []


def format_index_number(number_format: str, organisation_code: str, year: int, serial: int):
    return number_format.format(organisation_code=organisation_code, year=year, serial=serial)


def validate_index_number_format(number_format: str) -> None:
    """Refuse a format without the serial, with unknown placeholders, or that cannot format."""
    try:
        names = {field for _text, field, _spec, _conv in Formatter().parse(number_format)
                 if field is not None}
    except ValueError as error:
        raise ValidationError({"index_number_format": _("索引号格式有误：%(error)s") % {
            "error": error}}) from error
    unknown = names - PLACEHOLDERS
    if unknown:
        raise ValidationError({"index_number_format": _(
            "索引号格式中有无法识别的占位符：%(names)s。") % {"names": "、".join(sorted(unknown))}})
    if "serial" not in names:
        raise ValidationError({"index_number_format": _(
            "索引号格式必须包含流水号 {serial}，否则索引号会重复。")})
    try:
        format_index_number(number_format, "000000000", 2026, 1)
    except (ValueError, KeyError, IndexError) as error:
        raise ValidationError({"index_number_format": _("索引号格式有误：%(error)s") % {
            "error": error}}) from error


def _index_number_format(site) -> str:
    if site is None:
        return DEFAULT_INDEX_NUMBER_FORMAT
    return DisclosureSettings.for_site(site).index_number_format or DEFAULT_INDEX_NUMBER_FORMAT


def _organisation_code(site) -> str:
    if site is None:
        return Organisation._meta.get_field("organisation_code").default
    return Organisation.for_site(site).organisation_code
