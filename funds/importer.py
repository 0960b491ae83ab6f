"""Importing a batch's payment rows from the spreadsheet a payment system exports (001 第十九条:
data come from the payment systems, never typed twice).

.xlsx, or .csv in UTF-8 or GBK. Every line is checked — the ID's check character, the amount,
the date, duplicates within the file and across the fund's other batches of the same period —
and the file's total against the batch's disbursement amount. Errors read `第 N 行：原因` (N is
the line of the file, the header being line 1); a file with any error stores nothing.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from funds import idnumbers

MAX_ROWS = 200_000
MAX_ERRORS_KEPT = 500
CHUNK = 2000

# Column headings as payment systems write them → field.
HEADINGS = {
    "姓名": "name", "身份证号": "id_number", "身份证号码": "id_number", "公民身份号码": "id_number",
    "乡镇": "township", "街道": "township", "乡镇（街道）": "township", "乡镇(街道)": "township",
    "乡镇街道": "township",
    "村": "village", "社区": "village", "村（社区）": "village", "村(社区)": "village",
    "村社区": "village",
    "项目": "project", "补助项目": "project",
    "标准": "standard", "标准（元）": "standard", "标准(元)": "standard", "发放标准": "standard",
    "金额": "amount", "金额（元）": "amount", "金额(元)": "amount", "发放金额": "amount",
    "发放日期": "paid_on", "日期": "paid_on",
    "发放方式": "method",
    "病种": "disease_category", "病种类别": "disease_category",
}
REQUIRED = ("name", "id_number", "township", "village", "project", "amount", "paid_on", "method")
_AMOUNT = re.compile(r"^\d{1,10}(\.\d{1,2})?$")
_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y%m%d", "%Y.%m.%d", "%Y年%m月%d日")


class UnreadableFile(Exception):
    """The file is not a spreadsheet this importer reads; the message says why in Chinese."""


@dataclass
class ImportResult:
    """What a check of a file found: its good rows, its errors and its total."""

    rows: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    error_count: int = 0
    total: Decimal = Decimal("0")
    lines: int = 0
    last_line: int = 1

    def add_error(self, line: int, reason: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append(_("第 %(line)s 行：%(reason)s") % {"line": line, "reason": reason})

    @property
    def ok(self) -> bool:
        return self.error_count == 0


def check_file(batch, fileobj, filename: str,
               progress: Callable[[int], None] | None = None) -> ImportResult:
    """Read and check every line of the file for `batch`; store nothing."""
    result = ImportResult()
    try:
        records = read_records(fileobj, filename)
        headings = next(records, None)
        if headings is None:
            raise UnreadableFile(_("文件是空的。"))
        columns = map_headings(headings)
    except UnreadableFile as error:
        result.add_error(1, str(error))
        return result
    seen: dict[str, int] = {}
    taken = taken_elsewhere(batch)
    emergency = batch.fund.is_emergency_aid
    for number, values in enumerate(records, start=2):
        if not any(str(value or "").strip() for value in values):
            continue
        result.lines += 1
        result.last_line = number
        if result.lines > MAX_ROWS:
            result.add_error(number, _("文件超过 %(n)s 行的上限，请分批导入。") % {"n": MAX_ROWS})
            break
        row = check_line(number, values, columns, emergency, result)
        if row is not None:
            first = seen.get(row["id_digest"])
            if first is not None:
                result.add_error(number, _("身份证号与第 %(first)s 行重复（同一批次）。") % {
                    "first": first})
            elif row["id_digest"] in taken:
                result.add_error(number, _("该身份证号已在本资金同一期间的“%(batch)s”中发放。") % {
                    "batch": taken[row["id_digest"]]})
            else:
                seen[row["id_digest"]] = number
                result.rows.append(row)
                result.total += row["amount"]
        if progress and number % CHUNK == 0:
            progress(number)
    if result.lines == 0 and result.ok:
        result.add_error(2, _("文件中没有发放明细。"))
    if result.ok and result.total != batch.amount:
        # Reported at the line after the last one, where a 合计 row would stand.
        result.add_error(result.last_line + 1, _(
            "明细合计 %(total)s 元与本批次拨付金额 %(amount)s 元不符。") % {
            "total": f"{result.total:,.2f}", "amount": f"{batch.amount:,.2f}"})
    return result


def store(batch, result: ImportResult, user=None,
          progress: Callable[[int], None] | None = None) -> int:
    """Replace the batch's rows with the checked rows, all or nothing; returns how many."""
    from funds.models import Payment

    if not result.ok:
        raise ValueError("a file with errors is never stored")
    reason = batch.freeze_reason()
    if reason:
        raise PermissionError(reason)
    with transaction.atomic():
        batch.payments.all().delete()
        for start in range(0, len(result.rows), CHUNK):
            Payment.objects.bulk_create(
                [Payment(batch=batch, **row) for row in result.rows[start:start + CHUNK]])
            if progress:
                progress(start + CHUNK)
        batch.row_count = len(result.rows)
        batch.total = result.total
        batch.imported_at = timezone.now()
        batch.imported_by = user if user and user.is_authenticated else None
        batch.save(update_fields=["row_count", "total", "imported_at", "imported_by"])
        from funds.crosscheck import run_crosschecks

        run_crosschecks(batch)
    return len(result.rows)


# --- reading ---------------------------------------------------------------------------------


def read_records(fileobj, filename: str) -> Iterator[list]:
    """The file's lines as lists of cell values (heading line first)."""
    name = filename.lower()
    if name.endswith(".csv"):
        return _csv_records(fileobj.read())
    if name.endswith(".xlsx"):
        return _xlsx_records(fileobj)
    raise UnreadableFile(_("只能导入 .xlsx 或 .csv 文件。"))


def _csv_records(data: bytes) -> Iterator[list]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # gb18030 decodes any bytes in practice; kept for clarity
        raise UnreadableFile(_("无法识别文件编码，请以 UTF-8 或 GBK 保存。"))
    if "\x00" in text:
        raise UnreadableFile(_("文件不是文本格式的 CSV。"))
    return iter(csv.reader(io.StringIO(text)))


def _xlsx_records(fileobj) -> Iterator[list]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(fileobj, read_only=True, data_only=True)
    except (BadZipFile, KeyError, OSError, ValueError) as error:
        raise UnreadableFile(_("无法读取该 .xlsx 文件。")) from error
    sheet = workbook.worksheets[0]
    return (list(row) for row in sheet.iter_rows(values_only=True))


def map_headings(headings: list) -> dict[str, int]:
    columns = {}
    for index, heading in enumerate(headings):
        key = HEADINGS.get(re.sub(r"\s+", "", str(heading or "")))
        if key and key not in columns:
            columns[key] = index
    missing = [label for label, key in (("姓名", "name"), ("身份证号", "id_number"),
                                        ("乡镇（街道）", "township"), ("村（社区）", "village"),
                                        ("项目", "project"), ("金额", "amount"),
                                        ("发放日期", "paid_on"), ("发放方式", "method"))
               if key not in columns]
    if missing:
        raise UnreadableFile(_("表头缺少：%(columns)s。") % {"columns": "、".join(missing)})
    return columns


# --- checking one line ------------------------------------------------------------------------


def check_line(number: int, values: list, columns: dict, emergency: bool,
               result: ImportResult) -> dict | None:
    def cell(key):
        index = columns.get(key)
        if index is None or index >= len(values):
            return ""
        value = values[index]
        return value if isinstance(value, (datetime, date)) else str(value or "").strip()

    problems = []
    row = {key: cell(key) for key in ("name", "township", "village", "project", "method")}
    for key, label in (("name", "姓名"), ("township", "乡镇（街道）"), ("village", "村（社区）"),
                       ("project", "项目"), ("method", "发放方式")):
        if not row[key]:
            problems.append(_("%(column)s为空") % {"column": label})
        elif len(row[key]) > 50 and key != "project":
            problems.append(_("%(column)s过长") % {"column": label})
    id_number = idnumbers.normalise(cell("id_number"))
    if not idnumbers.is_valid(id_number):
        problems.append(_("身份证号“%(masked)s”无效（位数、出生日期或校验码不符）") % {
            "masked": _mask_for_message(id_number)})
    amount = _amount(cell("amount"))
    if amount is None:
        problems.append(_("金额“%(value)s”格式不正确（应为正数，最多两位小数）") % {
            "value": cell("amount")})
    standard = None
    if "standard" in columns and cell("standard") != "":
        standard = _amount(cell("standard"))
        if standard is None:
            problems.append(_("标准“%(value)s”格式不正确") % {"value": cell("standard")})
    paid_on = _date(cell("paid_on"))
    if paid_on is None:
        problems.append(_("发放日期“%(value)s”不是有效日期") % {"value": cell("paid_on")})
    disease = cell("disease_category") if "disease_category" in columns else ""
    if emergency and not disease:
        problems.append(_("疾病应急救助须填写病种类别"))
    if problems:
        result.add_error(number, "；".join(problems) + "。")
        return None
    row.update(line=number, id_number=id_number, id_digest=idnumbers.digest(id_number),
               amount=amount, standard=standard, paid_on=paid_on, disease_category=disease)
    return row


def _mask_for_message(number: str) -> str:
    """An error message names a bad ID number only masked (the message may be logged)."""
    from personaldata.masking import mask_id_number

    return mask_id_number(number) if len(number) > 7 else "*" * len(number)


def _amount(value) -> Decimal | None:
    text = str(value).replace(",", "").strip()
    if not _AMOUNT.match(text):
        return None
    try:
        amount = Decimal(text)
    except InvalidOperation:
        return None
    return amount if amount > 0 else None


def _date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    return None


def taken_elsewhere(batch) -> dict[str, str]:
    """{id digest: batch name} of the fund's other batches of the same period."""
    from funds.models import Payment

    rows = (Payment.objects.filter(batch__fund_id=batch.fund_id, batch__period=batch.period)
            .exclude(batch_id=batch.pk).values_list("id_digest", "batch__name"))
    return dict(rows.iterator(chunk_size=10000))
