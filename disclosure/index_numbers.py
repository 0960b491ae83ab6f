"""Index numbers (索引号) of catalogue entries: 条例 第十二条 asks every entry to carry one.

An entry gets its number the first time it really goes live (never when merely scheduled);
the number is unique and never reused, even when the entry is later withdrawn or deleted.
Serials come from an `IndexNumberCounter` row locked with SELECT ... FOR UPDATE, so two first
publications at the same moment, in two processes, can never share a number.
"""

from string import Formatter

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Site

from disclosure.models.items import (
    DEFAULT_INDEX_NUMBER_FORMAT,
    LOCAL_TIME_ZONE,
    DisclosureSettings,
    IndexNumberCounter,
)

PLACEHOLDERS = {"organisation_code", "year", "serial"}


def assign_index_number(item) -> str:
    """Give `item` its index number (in memory; the caller saves it) unless it has one."""
    if item.index_number:
        return item.index_number
    site = item.get_site() or Site.objects.filter(is_default_site=True).first()
    number_format = _index_number_format(site)
    organisation_code = _organisation_code(site)
    published = item.first_published_at or timezone.now()
    year = timezone.localtime(published, LOCAL_TIME_ZONE).year
    scope = str(year) if "{year" in number_format else "all"
    serial = next_serial(scope)
    item.index_number = format_index_number(number_format, organisation_code, year, serial)
    return item.index_number


def next_serial(scope: str) -> int:
    """Take the next serial of `scope`, holding the counter row's lock until the transaction
    ends, so that a concurrent caller waits and gets the following one."""
    with transaction.atomic():
        counter = IndexNumberCounter.objects.select_for_update().filter(scope=scope).first()
        if counter is None:
            try:
                with transaction.atomic():
                    IndexNumberCounter.objects.create(scope=scope, last_serial=0)
            except IntegrityError:
                pass  # another transaction created it first; lock theirs below
            counter = IndexNumberCounter.objects.select_for_update().get(scope=scope)
        counter.last_serial += 1
        counter.save(update_fields=["last_serial"])
        return counter.last_serial


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
    from portal.models import PortalSettings

    if site is None:
        return PortalSettings._meta.get_field("organisation_code").default
    return PortalSettings.for_site(site).organisation_code
