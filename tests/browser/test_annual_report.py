"""The published annual report in a browser: its page (tables readable at desktop and phone
width) and its PDF rendered to images with pdftoppm. The screenshots are kept in
$SCREENSHOT_DIR when it is set, to be looked at."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from disclosure.models import AnnualReportIndexPage
from reports.models import AnnualReportPage
from tests.reports.conftest import (  # noqa: F401  (fixtures)
    catalogue,
    column,
    make_document,
    office_department,
    year_2025,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shots(tmp_path):
    directory = Path(os.environ.get("SCREENSHOT_DIR", tmp_path))
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def _ink(path) -> float:
    """The share of pixels that are not white: a blank render has none."""
    image = Image.open(path).convert("L")
    histogram = image.histogram()
    return 1 - sum(histogram[240:]) / sum(histogram)


def test_published_report_page_and_its_pdf_render(browser_page, catalogue, year_2025, shots):  # noqa: F811
    index = catalogue.add_child(instance=AnnualReportIndexPage(title="公开年报", slug="gknb"))
    report = index.add_child(instance=AnnualReportPage(
        title="", slug="", year=2025, live=False,
        overview="<p>2025年，本委坚持以公开为常态、不公开为例外，按标准目录梳理公开事项。</p>",
        problems="<p>部分公开事项要素尚不完整，将于下一年一季度补齐。</p>",
        other_matters="<p>本年度无其他需要报告的事项。</p>"))
    report.save_revision().publish()
    report.refresh_from_db()

    page = browser_page
    page.goto(page.base_url + report.url)
    assert page.locator("h1").inner_text() == "2025年政府信息公开工作年度报告"
    applications = page.locator("table.report-applications")
    assert applications.locator("tbody th[scope=row]").count() == 29
    assert page.get_by_role("columnheader", name="申请人情况").is_visible()
    page.screenshot(path=str(shots / "annual-report-page.png"), full_page=True)

    # A phone: the page does not scroll sideways; the wide table scrolls inside its box.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(page.base_url + report.url)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.screenshot(path=str(shots / "annual-report-phone.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})

    response = page.request.get(page.base_url + report.url + "pdf/")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    pdf = shots / "annual-report-2025.pdf"
    pdf.write_bytes(response.body())
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm not found (apt-get install poppler-utils): the PDF was not rendered")
    subprocess.run(["pdftoppm", "-png", "-r", "70", str(pdf), str(shots / "annual-report-pdf")],
                   check=True)
    rendered = sorted(shots.glob("annual-report-pdf-*.png"))
    assert rendered and all(_ink(path) > 0.01 for path in rendered)
