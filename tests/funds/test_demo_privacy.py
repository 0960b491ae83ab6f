"""The demo of the funds, and the privacy crawler: every public page, feed, search result and
download of the demo is walked and no unmasked ID number, bank card or mobile number is found
(条例 第十五条; corpus 002: individuals' privacy protected)."""

import io
import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlparse

import pytest
from django.test import Client

from confidentiality.detectors import find_spans
from confidentiality.report import BANK_CARD, ID_NUMBER, MOBILE
from disclosure import demo as disclosure_demo
from funds import demo as funds_demo
from funds.models import Correction, FundBatchPage, FundIndexPage, Payment, PaymentFlag
from portal import demo as portal_demo

pytestmark = pytest.mark.django_db

IDENTIFIER_KINDS = {ID_NUMBER, MOBILE, BANK_CARD}


@pytest.fixture
def demo_site():
    site = portal_demo.load()
    disclosure_demo.load(site)
    funds_demo.load(site)
    return site


def test_demo_has_two_funds_over_300_rows_one_correction_one_flag_and_loads_once(demo_site):
    rows = Payment.objects.count()
    funds_demo.load(demo_site)
    assert Payment.objects.count() == rows >= 300
    assert FundBatchPage.objects.live().count() == 3
    assert all(page.batch.signed_off_at for page in FundBatchPage.objects.all())
    applied = Correction.objects.get()
    assert applied.state == Correction.APPLIED
    assert applied.payment.village == applied.new_value
    flag = PaymentFlag.objects.get()
    assert flag.rule == PaymentFlag.ABOVE_STANDARD and flag.justification


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)


def _texts_of(response) -> str:
    if response["Content-Type"].startswith("application/vnd.openxmlformats"):
        from openpyxl import load_workbook

        workbook = load_workbook(io.BytesIO(response.content), read_only=True)
        return "\n".join("\t".join(str(cell or "") for cell in row)
                         for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True))
    return response.content.decode("utf-8", errors="replace")


def test_crawler_finds_no_unmasked_identifier_on_any_public_surface_of_the_demo(demo_site):
    client = Client()
    root = FundIndexPage.objects.get()
    start = [root.url, "/disclosure/feed/", "/sitemap.xml", "/search/?q=扶助金",
             "/search/?q=城关镇", "/search/?q=疾病应急救助"]
    for page in FundBatchPage.objects.all():
        for township in ("城关镇", "河口乡"):
            start.append(f"{page.url}?township={township}")
    full_ids = set(Payment.objects.values_list("id_number", flat=True))
    full_names = {name for name in Payment.objects.values_list("name", flat=True)}
    seen, queue, crawled = set(), list(start), 0
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code in (301, 302):
            queue.append(response["Location"])
            continue
        if response.status_code != 200:
            continue
        crawled += 1
        text = _texts_of(response)
        hits = [hit for hit in find_spans(text) if hit.kind in IDENTIFIER_KINDS]
        assert not hits, (url, [text[hit.start:hit.end] for hit in hits])
        assert not [number for number in full_ids if number in text], url
        if url.startswith(root.url) and "text/html" in response["Content-Type"]:
            names_in_cells = set(re.findall(r"<td>([^<*]{2,4})</td>", text))
            assert not (names_in_cells & full_names), url
            parser = _Links()
            parser.feed(text)
            for href in parser.links:
                absolute = urljoin(url, href)
                parsed = urlparse(absolute)
                if parsed.netloc in ("", "testserver") and parsed.path.startswith(root.url):
                    queue.append(parsed.path + (f"?{parsed.query}" if parsed.query else ""))
    # every page of every batch list, the downloads and the statistics were walked
    assert crawled > 10
    assert any(url.endswith("download.xlsx") for url in seen)


def test_emergency_aid_page_shows_no_name_beside_a_diagnosis(demo_site):
    page = FundBatchPage.objects.get(batch__fund__kind="emergency_aid")
    text = Client().get(page.url).content.decode()
    assert "急性中毒" in text or "严重创伤" in text
    for name in Payment.objects.filter(batch=page.batch).values_list("name", flat=True):
        from personaldata.masking import mask_name

        assert name not in text and mask_name(name) not in text
