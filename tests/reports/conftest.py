"""The annual report's data for 2025, built row by row so every figure can be counted by hand
(see `tests/reports/fixtures/README.md` for the count of each cell)."""

import datetime
from decimal import Decimal

import pytest

from applications.models import ClockPause, DisclosureApplication
from departments.models import Department
from disclosure.models import CatalogueColumn, CatalogueRoot, PolicyDocument, ProposalReply
from reports.models import AnnualReportFigures

D = datetime.date


@pytest.fixture
def office_department(db):
    return Department.objects.create(code="bangongshi", name="办公室")


@pytest.fixture
def catalogue(home):
    return home.add_child(instance=CatalogueRoot(title="政府信息公开", slug="xxgk"))


@pytest.fixture
def column(catalogue, office_department):
    return catalogue.add_child(instance=CatalogueColumn(
        title="政策文件", slug="zcwj", department=office_department, rule="document"))


@pytest.fixture
def make_document(column):
    counter = {"n": 0}

    def make(genre, written_on, validity="valid", changed_on=None, live=True):
        counter["n"] += 1
        document = column.add_child(instance=PolicyDocument(
            title=f"测试文件{counter['n']}", slug=f"doc-{counter['n']}", live=False,
            issuing_body="示例市卫生健康委员会", document_number=f"示卫〔{written_on.year}〕"
            f"{counter['n']}号", written_on=written_on, formed_on=written_on, genre=genre,
            validity=validity, validity_changed_on=changed_on,
            body="<p>正文。</p>"))
        if live:
            document.save_revision().publish()
            document.refresh_from_db()
        return document

    return make


_serial = {"n": 0}


def make_application(applicant_type, received_on, closed_on=None, reply_type=""):
    """An application row as the statistics read it (no letters, no clock)."""
    _serial["n"] += 1
    n = _serial["n"]
    state = "closed" if reply_type else ("in_progress" if received_on else "submitted")
    return DisclosureApplication.objects.create(
        year=received_on.year, serial=n, tracking_number=f"{received_on.year}-9{n:04d}",
        query_code_hash="-", applicant_type=applicant_type, name="测试申请人",
        phone="13800000000", state=state, received_on=received_on, closed_on=closed_on,
        reply_type=reply_type)


@pytest.fixture
def year_2025(make_document, column, office_department):
    """The 2025 data of the fixture `annual_report_2025.json`."""
    # 规章 (rule): R1 in force throughout; R2 issued 2025; R3 repealed 2025.
    make_document("rule", D(2023, 5, 10))
    make_document("rule", D(2025, 3, 3))
    make_document("rule", D(2022, 1, 4), "repealed", D(2025, 6, 30))
    # 行政规范性文件 (normative): N1 amended in 2025 (still in force); N2 issued and expired in
    # 2025; N3 issued 2025; N4 repealed only in 2026 (in force on 31 December 2025).
    make_document("normative", D(2024, 2, 1), "amended", D(2025, 4, 1))
    make_document("normative", D(2025, 8, 1), "expired", D(2025, 12, 1))
    make_document("normative", D(2025, 11, 11))
    make_document("normative", D(2024, 6, 6), "repealed", D(2026, 1, 15))
    # Not counted: another genre, and a draft 规章.
    make_document("other", D(2025, 4, 8))
    make_document("rule", D(2025, 9, 9), live=False)

    # Applications (columns: natural, business, research, public_interest, legal_service,
    # other_organisation).
    make_application("natural", D(2024, 12, 20), D(2025, 1, 10), "disclosed")  # carried over
    make_application("business", D(2025, 3, 3), D(2025, 3, 20), "partly_disclosed")
    make_application("natural", D(2025, 5, 6), D(2025, 5, 28), "withheld_third_party")
    make_application("research", D(2025, 12, 15))  # carried forward
    repeat = make_application("natural", D(2025, 6, 2), D(2025, 6, 20), "not_handled_repeat")
    make_application("legal_service", D(2025, 7, 1), D(2025, 8, 1), "unavailable_not_held")
    make_application("natural", D(2024, 11, 3), D(2024, 11, 20), "disclosed")  # 2024 only
    paid = make_application("natural", D(2025, 9, 1), D(2025, 9, 25), "disclosed")
    make_application("public_interest", D(2026, 1, 5))  # 2026 only
    # Fees: one paid in 2025 (100 yuan); one notice never paid (not collected).
    ClockPause.objects.create(application=paid, kind="fee", started_on=D(2025, 9, 3),
                              limit_on=D(2025, 10, 9), ended_on=D(2025, 9, 10),
                              amount=Decimal("100.00"))
    ClockPause.objects.create(application=repeat, kind="fee", started_on=D(2025, 6, 5),
                              limit_on=D(2025, 7, 3), amount=Decimal("50.00"))

    AnnualReportFigures.objects.create(
        year=2025, licensing_decisions=132, licensing_source="市政务服务中心审批系统",
        penalty_decisions=17, coercion_decisions=2, enforcement_source="行政执法案卷台账",
        fees_wan=Decimal("3.5"), fees_source="财务科收费台账",
        review_upheld=1, review_other=1, direct_upheld=1, direct_pending=1,
        review_source="法规科行政复议和应诉台账")

    # 建议提案: one reply published for 2025, one still a draft.
    for number, kind, live in (("第0021号", "suggestion", True), ("第0105号", "proposal", False)):
        reply = column.add_child(instance=ProposalReply(
            title=f"对{number}建议（提案）的答复", slug=f"reply-{number}", live=False,
            kind=kind, year=2025, number=number, proposal_title="关于加强社区卫生服务的建议",
            representative="张代表", handling_department=office_department, result="solving",
            replied_on=D(2025, 6, 30), reply="<p>答复正文。</p>", consent=True))
        if live:
            reply.save_revision().publish()


@pytest.fixture
def office_user(db, roles, django_user_model):
    from django.contrib.auth.models import Group

    from departments.roles import DISCLOSURE_OFFICE

    user = django_user_model.objects.create_user("office", password="office-test-2026")
    user.groups.add(Group.objects.get(name=DISCLOSURE_OFFICE.group_name))
    return user
