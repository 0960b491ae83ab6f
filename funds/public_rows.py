"""What the public sees of a payment row: one function, used by the page, the download and
the confidentiality check, so what is checked is what is shown (条例 第十五条).

A row's name and ID number leave only masked (张*明, 410***********1234); the place, project,
amount, date and method are shown as stored, so an identifier typed into one of those cells
is caught by the confidentiality check of the batch rather than published.
"""

from __future__ import annotations

from personaldata.masking import mask_id_number, mask_name

PUBLIC_COLUMNS = ("姓名", "身份证号", "乡镇（街道）", "村（社区）", "项目", "标准（元）", "金额（元）",
                  "发放日期", "发放方式")


def public_row(payment) -> tuple:
    """The row as the public list and the download show it."""
    return (mask_name(payment.name), mask_id_number(payment.id_number), payment.township,
            payment.village, payment.project,
            "" if payment.standard is None else f"{payment.standard:.2f}",
            f"{payment.amount:.2f}", payment.paid_on.isoformat(), payment.method)


def public_text_lines(batch):
    """Every row of `batch` as the public would read it, one line each (for the scanner).
    Emergency-aid batches publish no rows, only their totals by disease and township."""
    if batch.fund.is_emergency_aid:
        from funds.statistics import emergency_aid_table

        return ["　".join(str(cell) for cell in row) for row in emergency_aid_table(batch)]
    rows = batch.payments.only("name", "id_number", "township", "village", "project",
                               "standard", "amount", "paid_on", "method").order_by("line")
    return ["　".join(public_row(payment)) for payment in rows.iterator(chunk_size=5000)]
