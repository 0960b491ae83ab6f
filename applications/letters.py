"""Letters to the applicant as PDF, Chinese fonts embedded (fpdf2, Noto Serif SC).

The font comes from the PyPI package pylopdf-fonts-zh-cn (Noto Serif SC / Noto Sans SC,
SIL OFL 1.1), so a fresh machine with only Python has it; fpdf2 embeds the glyphs it uses.
Every reply letter ends with the remedy notice (条例 第五十一条): administrative reconsideration
within 60 days (行政复议法 第二十条), litigation within 6 months (行政诉讼法 第四十六条).
"""

import hashlib
from datetime import date

import pylopdf_fonts_zh_cn
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import WrapMode, XPos, YPos
from wagtail.models import Site

from departments.models import Organisation
from workdays.local_time import local_date, local_today

from .conf import LITIGATION_MONTHS, RECONSIDERATION_DAYS
from .models import ApplicationPage, Letter, ReplyDraft
from .replies import REPLY_TYPES

SERIF = "NotoSerifSC"  # one face only: loading a CJK font is the slow part (about 0.5 s)
CHINESE_NUMBERS = {60: "六十", 6: "六"}


def organisation_name() -> str:
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return Organisation._meta.get_field("organisation_name").default
    return Organisation.for_site(site).organisation_name


def remedy_notice() -> str:
    """The remedy sentence every reply carries (行政复议 60 日, 行政诉讼 6 个月)."""
    page = ApplicationPage.objects.first()
    body = page.reconsideration_body if page else _("上一级行政机关或者本级人民政府")
    court = page.court if page else _("有管辖权的人民法院")
    return _("如对本答复不服，可以自收到本答复之日起%(days)s日内向%(body)s申请行政复议，"
             "或者自收到本答复之日起%(months)s个月内向%(court)s提起行政诉讼。") % {
        "days": CHINESE_NUMBERS.get(RECONSIDERATION_DAYS, RECONSIDERATION_DAYS), "body": body,
        "months": CHINESE_NUMBERS.get(LITIGATION_MONTHS, LITIGATION_MONTHS), "court": court}


def make_letter(application, kind: str, paragraphs: list[str], *, remedy: bool = False) -> Letter:
    """Render a letter, store it privately and return its Letter row."""
    pdf_bytes = render_pdf(application, Letter.Kind(kind).label, paragraphs, remedy=remedy)
    letter = Letter(application=application, kind=kind)
    letter.file.save(f"{application.tracking_number}-{kind}.pdf", ContentFile(pdf_bytes),
                     save=False)
    letter.save()
    return letter


def reply_paragraphs(application, reply_code: str, text: str = "") -> list[str]:
    """The body of the reply letter: the leaf's sentence, the reasons, the files, the basis."""
    leaf = REPLY_TYPES[reply_code]
    paragraphs = [leaf.letter_text]
    if text:
        paragraphs.append(text)
    names = [released.name for released in application.released_files.all()]
    if names:
        paragraphs.append(_("随本答复提供的信息：%(names)s。") % {"names": "；".join(names)})
    paragraphs.append(_("依据：%(basis)s。") % {"basis": leaf.basis})
    return paragraphs


def build_draft_letter(draft_pk: int) -> str:
    """Make the reply letter of a drafted reply (a background task: it takes seconds), store it
    privately with its SHA-256 and return the checksum; the draft shows the progress."""
    draft = ReplyDraft.objects.select_related("application").get(pk=draft_pk)
    if draft.letter_status == ReplyDraft.LetterStatus.READY:
        return draft.letter_checksum
    ReplyDraft.objects.filter(pk=draft_pk).update(letter_status=ReplyDraft.LetterStatus.BUILDING)
    application = draft.application
    try:
        pdf_bytes = render_pdf(application, Letter.Kind.REPLY.label,
                               reply_paragraphs(application, draft.reply_type, draft.text),
                               remedy=True)
    except Exception:
        ReplyDraft.objects.filter(pk=draft_pk).update(letter_status=ReplyDraft.LetterStatus.FAILED)
        raise
    draft.letter_file.save(f"{application.tracking_number}-reply-draft-{draft.pk}.pdf",
                           ContentFile(pdf_bytes), save=False)
    draft.letter_checksum = checksum(pdf_bytes)
    draft.letter_status = ReplyDraft.LetterStatus.READY
    draft.save(update_fields=["letter_file", "letter_checksum", "letter_status"])
    return draft.letter_checksum


def checksum(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def render_pdf(application, title: str, paragraphs: list[str], *, remedy: bool = False) -> bytes:
    organisation = organisation_name()
    pdf = LetterPDF(format="A4")
    pdf.set_margins(25, 25, 25)
    pdf.set_auto_page_break(True, margin=25)
    pdf.add_font(SERIF, "", str(pylopdf_fonts_zh_cn.serif_path()))
    pdf.set_title(f"{title} {application.tracking_number}")
    pdf.set_author(organisation)
    pdf.add_page()

    pdf.set_font(SERIF, size=18)
    pdf.multi_cell(0, 10, organisation, align="C")
    pdf.multi_cell(0, 12, title, align="C")
    pdf.set_font(SERIF, size=11)
    pdf.multi_cell(0, 8, _("受理编号：%(number)s") % {"number": application.tracking_number},
                   align="R")
    pdf.ln(4)
    pdf.set_font(SERIF, size=13)
    pdf.multi_cell(0, 9, f"{application.name}：")
    opening = _("您（单位）于%(day)s提出的政府信息公开申请收悉。") % {
        "day": _chinese_date(local_date(application.submitted_at))}
    if application.received_on:
        opening += _("本机关收到申请之日为%(day)s。") % {"day": _chinese_date(application.received_on)}
    for text in [opening, *paragraphs] + ([remedy_notice()] if remedy else []):
        pdf.paragraph(text)
    pdf.ln(10)
    pdf.multi_cell(0, 9, organisation, align="R")
    pdf.multi_cell(0, 9, _chinese_date(local_today()), align="R")
    return bytes(pdf.output())


class LetterPDF(FPDF):
    """Every block starts again at the left margin on a new line; paragraphs are indented by
    two characters and wrap between any two characters, as Chinese text does."""

    def multi_cell(self, *args, **kwargs):
        kwargs.setdefault("new_x", XPos.LMARGIN)
        kwargs.setdefault("new_y", YPos.NEXT)
        return super().multi_cell(*args, **kwargs)

    def paragraph(self, text: str, height: float = 9) -> None:
        self.set_x(self.l_margin + 2 * self.font_size)
        self.write(height, text, wrapmode=WrapMode.CHAR)
        self.ln(height + 2)


def _chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
