"""The annual report as a PDF beside its page: the narrative and the three tables, Chinese font
embedded (fpdf2 with the Noto Serif SC the letters use; only the glyphs used are embedded)."""

import re
from html import unescape

import pylopdf_fonts_zh_cn
from django.http import HttpResponse
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from fpdf.enums import Align, TableCellFillMode, WrapMode
from fpdf.fonts import FontFace

from applications.letters import SERIF, LetterPDF, organisation_name

HEADING_STYLE = FontFace(emphasis="NONE", fill_color=(230, 236, 243))


def serve_report_pdf(page, request) -> HttpResponse:
    response = HttpResponse(render_report_pdf(page), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="annual-report-{page.year}.pdf"'
    return response


def render_report_pdf(page) -> bytes:
    tables = page.tables
    pdf = LetterPDF(format="A4")
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_font(SERIF, "", str(pylopdf_fonts_zh_cn.serif_path()))
    pdf.set_title(page.title)
    pdf.set_author(organisation_name())
    pdf.set_lang("zh-CN")
    pdf.add_page()
    pdf.set_font(SERIF, size=18)
    pdf.multi_cell(0, 10, page.title, align="C")
    pdf.set_font(SERIF, size=11)
    pdf.multi_cell(0, 8, organisation_name(), align="C")
    pdf.ln(4)

    _heading(pdf, _("一、总体情况"))
    _rich_text(pdf, page.overview)

    _heading(pdf, _("二、主动公开政府信息情况"))
    two = tables["table_two"]
    _table(pdf, [[_("第二十条第（一）项"), "", "", ""],
                 [_("信息内容"), _("本年制发件数"), _("本年废止件数"), _("现行有效件数")],
                 *[[row["label"], row["issued"], row["repealed"], row["in_force"]]
                   for row in two["documents"]]], col_widths=(40, 20, 20, 20), heading_rows=2)
    _table(pdf, [[_("第二十条第（五）、（六）项"), ""],
                 [_("信息内容"), _("本年处理决定数量")],
                 *[[two[key]["label"], _blank(two[key]["decisions"])]
                   for key in ("licensing", "penalty", "coercion")]],
           col_widths=(40, 20), heading_rows=2)
    _table(pdf, [[_("第二十条第（八）项"), ""],
                 [_("信息内容"), _("本年收费金额（单位：万元）")],
                 [two["fees"]["label"], _blank(two["fees"]["amount_wan"])]],
           col_widths=(40, 20), heading_rows=2)

    _heading(pdf, _("三、收到和处理政府信息公开申请情况"))
    three = tables["table_three"]
    pdf.set_font(SERIF, size=8)
    _table(pdf, [[_("申请人情况"), *three["columns"]],
                 *[[("　" * row["level"]) + row["label"], *row["cells"]]
                   for row in three["rows"]]],
           col_widths=(52, 12, 12, 12, 12, 12, 12, 12), heading_rows=1, size=8)
    pdf.set_font(SERIF, size=11)

    _heading(pdf, _("四、政府信息公开行政复议、行政诉讼情况"))
    four = tables["table_four"]
    _table(pdf, [[_("类别"), *four["columns"]],
                 *[[group["label"], *(group["cells"] or [_("尚未填报")] * 5)]
                   for group in four["groups"]]],
           col_widths=(50, 14, 14, 14, 14, 14), heading_rows=1)

    _heading(pdf, _("五、存在的主要问题及改进情况"))
    _rich_text(pdf, page.problems)

    _heading(pdf, _("六、其他需要报告的事项"))
    _rich_text(pdf, page.other_matters)
    six = tables["section_six"]
    pdf.paragraph(_("本年度收取信息处理费 %(n)d 件，共计 %(amount)s 元。") % {
        "n": six["fees"]["count"], "amount": six["fees"]["amount_yuan"]}, height=7)
    pdf.paragraph(_("本年度公开建议提案办理结果：%(rows)s。") % {"rows": "、".join(
        f"{row['label']} {row['count']} 件" for row in six["proposal_replies"])}, height=7)
    return bytes(pdf.output())


def _heading(pdf, text):
    pdf.ln(3)
    pdf.set_font(SERIF, size=14)
    pdf.multi_cell(0, 9, text)
    pdf.set_font(SERIF, size=11)


def _rich_text(pdf, html):
    for paragraph in re.split(r"</p>|<br\s*/?>|</h\d>|</li>", str(html or "")):
        text = unescape(strip_tags(paragraph)).strip()
        if text:
            pdf.paragraph(text, height=7)


def _table(pdf, rows, *, col_widths, heading_rows=1, size=10):
    pdf.set_font(SERIF, size=size)
    with pdf.table(col_widths=col_widths, num_heading_rows=heading_rows,
                   headings_style=HEADING_STYLE, text_align=(Align.L,) + (Align.R,) * (
                       len(col_widths) - 1), line_height=size * 0.55,
                   wrapmode=WrapMode.CHAR, cell_fill_mode=TableCellFillMode.NONE) as table:
        for values in rows:
            row = table.row()
            if len(values) > 1 and all(value == "" for value in values[1:]):
                row.cell(str(values[0]), colspan=len(values), align=Align.L)  # a caption row
                continue
            for value in values:
                row.cell(str(value))
    pdf.ln(3)
    pdf.set_font(SERIF, size=11)


def _blank(value):
    return "—" if value is None else value
