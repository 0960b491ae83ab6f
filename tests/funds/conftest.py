"""Fixtures of the funds tests: a department, the funds root, a fund and a batch, and invented
payment files (names and ID numbers made up here; the check characters are computed)."""

import datetime
import io
from decimal import Decimal

import pytest

from departments.models import Department
from funds.idnumbers import check_character
from funds.models import DisbursementBatch, FundIndexPage, FundPage

HEADER = ["姓名", "身份证号", "乡镇（街道）", "村（社区）", "项目", "标准", "金额", "发放日期", "发放方式"]
SURNAMES = "王李张刘陈杨赵黄周吴"
GIVEN = ["建国", "秀英", "志强", "桂兰", "明", "海燕", "春生", "玉梅", "国庆", "小红"]


def invented_id(n: int, birth="19600101") -> str:
    """A valid-looking invented ID number: region 410999 (no such county), serial n."""
    first17 = f"410999{birth}{n % 1000:03d}"
    return first17 + check_character(first17)


def payment_lines(count, start=0, amount="300.00", paid_on="2026-03-20", township="东城街道",
                  birth="19600101"):
    lines = []
    for n in range(start, start + count):
        name = SURNAMES[n % 10] + GIVEN[(n // 10) % 10]
        lines.append([name, invented_id(n, birth), township, f"幸福{n % 3 + 1}村", "高龄津贴",
                      "300.00", amount, paid_on, "一卡通"])
    return lines


def csv_bytes(lines, encoding="utf-8", header=HEADER) -> bytes:
    text = "\n".join(",".join(row) for row in [header, *lines]) + "\n"
    return text.encode(encoding)


def xlsx_bytes(lines, header=HEADER) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in lines:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def fund_department(db):
    return Department.objects.create(code="laoling", name="老龄健康科", email="laoling@example.test")


@pytest.fixture
def funds_root(home):
    return home.add_child(instance=FundIndexPage(title="民生资金公开", slug="msz"))


@pytest.fixture
def fund(funds_root, fund_department):
    return funds_root.add_child(instance=FundPage(
        title="高龄津贴", slug="gljt", level="county", department=fund_department,
        update_cycle="monthly", standard=Decimal("300.00")))


@pytest.fixture
def make_batch(fund):
    def make(name="2026年3月第一批", period="2026-03", amount="3000.00", paid_on=None,
             year=2026, target=None):
        return DisbursementBatch.objects.create(
            fund=target or fund, name=name, period_year=year, period=period,
            paid_on=paid_on or datetime.date(2026, 3, 20), amount=Decimal(amount))

    return make
