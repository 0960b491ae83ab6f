"""The yearly statistics in the annual-report shape, and anonymisation that keeps them."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from applications.actions import ReleaseFile, RequestCorrection, close_lapsed
from applications.models import ApplicationEvent, DisclosureApplication
from applications.statistics import COLUMNS, year_statistics

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(make_application, office, organisation_data, today, send_reply):
    """Five applications across 2025 and 2026 (see each line)."""

    def close(application, day, reply_type, text="理由"):
        today(day)
        send_reply(application, reply_type, text)

    org = {key: organisation_data[key] for key in
           ("name", "credit_code", "legal_representative", "contact_person")}
    carried = make_application(date(2025, 12, 15), date(2025, 12, 15), office)
    close(carried, date(2026, 1, 20), "disclosed")  # carried over into 2026, handled in 2026
    done_2025 = make_application(date(2025, 11, 3), date(2025, 11, 3), office,
                                 applicant_type="business", **org)
    close(done_2025, date(2025, 11, 20), "withheld_third_party")
    partly = make_application(date(2026, 3, 2), date(2026, 3, 2), office)
    today(date(2026, 3, 19))
    ReleaseFile(partly, office).execute(upload=SimpleUploadedFile("公开部分.pdf", b"%PDF-1.4\n"))
    close(partly, date(2026, 3, 20), "partly_disclosed")
    open_research = make_application(date(2026, 12, 1), date(2026, 12, 1), office,
                                      applicant_type="research", **org)
    lapsed = make_application(date(2026, 10, 8), date(2026, 10, 8), office)
    today(date(2026, 10, 9))
    RequestCorrection(lapsed, office).execute(request_text="请写明年份。")
    today(date(2026, 11, 30))
    close_lapsed()
    return {"carried": carried, "done_2025": done_2025, "partly": partly,
            "open_research": open_research, "lapsed": lapsed}


def counts(row):
    return {column: value for column, value in zip(COLUMNS, row.cells, strict=False) if value}


def test_statistics_balance_new_plus_carried_over_equals_handled_plus_carried_forward(history):
    stats = year_statistics(2026)
    assert counts(stats.new) == {"natural": 2, "research": 1}
    assert counts(stats.carried_over) == {"natural": 1}
    assert counts(stats.handled) == {"natural": 3}
    assert counts(stats.carried_forward) == {"research": 1}
    assert stats.new.total + stats.carried_over.total == stats.handled.total + \
        stats.carried_forward.total == 4
    assert stats.balances
    rows = {row.label: row.total for row in stats.handled_rows}
    assert rows["予以公开"] == 1 and rows["部分公开"] == 1 and rows["其他处理"] == 1
    assert rows["申请人逾期不补正，视为撤回申请"] == 1

    stats_2025 = year_statistics(2025)
    assert counts(stats_2025.new) == {"natural": 1, "business": 1}
    assert counts(stats_2025.handled) == {"business": 1}
    assert counts(stats_2025.carried_forward) == {"natural": 1}
    assert stats_2025.balances


def test_statistics_admin_page_shows_the_table_and_the_check(client, office, history, today):
    today(date(2026, 12, 2))
    client.force_login(office)
    html = client.get(reverse("disclosure_applications:statistics"), {"year": "2026"}
                      ).content.decode()
    assert "一、本年新收政府信息公开申请数量" in html
    assert "四、结转下年度继续办理" in html and "科研机构" in html
    assert "核对通过" in html


def test_anonymisation_after_retention_keeps_statistics(history, settings, today):
    before = year_statistics(2026)
    settings.APPLICATION_RETENTION_DAYS = 30
    today(date(2026, 12, 31))
    call_command("anonymise_applications", stdout=open("/dev/null", "w"))  # noqa: SIM115
    partly = DisclosureApplication.objects.get(pk=history["partly"].pk)
    assert partly.anonymised_at is not None
    assert partly.name == "（已匿名）" and partly.id_number == "" and partly.phone == ""
    assert not partly.letters.exists() and not partly.emails.exists()
    assert not partly.released_files.exists()
    assert partly.events.filter(kind="anonymised").exists()
    assert ApplicationEvent.objects.filter(application=partly).count() >= 3  # trail kept
    still_open = DisclosureApplication.objects.get(pk=history["open_research"].pk)
    assert still_open.anonymised_at is None and still_open.credit_code
    after = year_statistics(2026)
    assert [row.cells for row in after.rows] == [row.cells for row in before.rows]
