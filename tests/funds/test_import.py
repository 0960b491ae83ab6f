"""Importing a batch from a payment system's spreadsheet: every line checked, errors as
第 N 行：原因, nothing of a bad file stored, the total checked against the disbursement."""

import io
from decimal import Decimal

import pytest

from funds.importer import check_file, store
from funds.models import Payment

from .conftest import HEADER, csv_bytes, invented_id, payment_lines, xlsx_bytes

pytestmark = pytest.mark.django_db


def check(batch, data, name="rows.csv"):
    return check_file(batch, io.BytesIO(data), name)


def test_good_utf8_csv_is_stored_with_ids_hashed(make_batch):
    batch = make_batch()
    result = check(batch, csv_bytes(payment_lines(10)))
    assert result.ok, result.errors
    assert store(batch, result) == 10
    batch.refresh_from_db()
    assert batch.row_count == 10 and batch.total == Decimal("3000.00")
    payment = Payment.objects.get(batch=batch, line=2)
    assert payment.id_number == invented_id(0) and len(payment.id_digest) == 64
    assert invented_id(0) not in payment.id_digest


def test_gbk_csv_and_xlsx_are_read(make_batch):
    batch = make_batch()
    assert check(batch, csv_bytes(payment_lines(10), encoding="gbk")).ok
    assert check(batch, xlsx_bytes(payment_lines(10)), "rows.xlsx").ok


def test_wrong_id_check_character_is_reported_with_its_line(make_batch):
    batch = make_batch()
    lines = payment_lines(10)
    good = lines[3][1]
    lines[3][1] = good[:17] + ("0" if good[17] != "0" else "1")
    result = check(batch, csv_bytes(lines))
    assert not result.ok
    assert result.errors[0].startswith("第 5 行：身份证号")
    assert good[:17] not in result.errors[0]  # the message shows the number only masked


@pytest.mark.parametrize(("column", "value", "expected"), [
    (6, "3O0.00", "金额“3O0.00”格式不正确"),
    (6, "300.001", "金额“300.001”格式不正确"),
    (6, "-5", "金额“-5”格式不正确"),
    (7, "2026-02-30", "发放日期“2026-02-30”不是有效日期"),
    (0, "", "姓名为空"),
    (8, "", "发放方式为空"),
])
def test_each_line_error_kind_is_reported(make_batch, column, value, expected):
    batch = make_batch()
    lines = payment_lines(10)
    lines[0][column] = value
    result = check(batch, csv_bytes(lines))
    assert any(error.startswith("第 2 行：") and expected in error for error in result.errors), \
        result.errors


def test_duplicate_id_within_the_file_names_the_first_line(make_batch):
    batch = make_batch()
    lines = payment_lines(10)
    lines[7][1] = lines[2][1]
    result = check(batch, csv_bytes(lines))
    assert "第 9 行：身份证号与第 4 行重复（同一批次）。" in result.errors


def test_duplicate_id_across_batches_of_same_fund_and_period(make_batch):
    first = make_batch()
    store(first, check(first, csv_bytes(payment_lines(10))))
    second = make_batch(name="2026年3月第二批", amount="300.00")
    result = check(second, csv_bytes(payment_lines(1, start=4)))
    assert result.errors == ["第 2 行：该身份证号已在本资金同一期间的“2026年3月第一批”中发放。"]
    other_period = make_batch(name="2026年4月", period="2026-04", amount="300.00")
    assert check(other_period, csv_bytes(payment_lines(1, start=4))).ok


def test_batch_total_must_equal_disbursement_amount(make_batch):
    batch = make_batch(amount="2999.00")
    result = check(batch, csv_bytes(payment_lines(10)))
    assert result.errors == ["第 12 行：明细合计 3,000.00 元与本批次拨付金额 2,999.00 元不符。"]


def test_bad_file_stores_nothing(make_batch):
    batch = make_batch()
    lines = payment_lines(10)
    lines[9][6] = "abc"
    result = check(batch, csv_bytes(lines))
    with pytest.raises(ValueError):
        store(batch, result)
    assert not Payment.objects.exists()


def test_missing_heading_and_wrong_type_are_reported(make_batch):
    batch = make_batch()
    result = check(batch, csv_bytes(payment_lines(2), header=HEADER[:1] + HEADER[2:]))
    assert result.errors == ["第 1 行：表头缺少：身份证号。"]
    assert check(batch, b"%PDF-1.4", "rows.pdf").errors == ["第 1 行：只能导入 .xlsx 或 .csv 文件。"]
    assert check(batch, b"not a zip", "rows.xlsx").errors == ["第 1 行：无法读取该 .xlsx 文件。"]
