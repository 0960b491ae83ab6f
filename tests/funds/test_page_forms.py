"""The admin forms of the fund pages: a batch page chooses only its own fund's batches that have
no page yet (no other department's batch names leak), and only the disclosure office sets a
fund's responsible department (000 第十条)."""

import datetime
from decimal import Decimal

import pytest

from departments.models import Department
from funds.models import DisbursementBatch, FundBatchPage, FundPage
from tests.publishing.test_unchanged_edit_form import browser_form_data

from . import test_funds_rules as rules

pytestmark = pytest.mark.django_db
people = rules.people  # the fund's department, the approvers and a stranger (a fixture)


@pytest.fixture
def other_fund(funds_root, people):
    other = Department.objects.get(code="other")
    return funds_root.add_child(instance=FundPage(
        title="传染病救治补助", slug="crb", level="county", department=other,
        update_cycle="quarterly"))


def batch_of(fund, name):
    return DisbursementBatch.objects.create(
        fund=fund, name=name, period_year=2026, period="2026-03",
        paid_on=datetime.date(2026, 3, 20), amount=Decimal("300.00"))


def test_batch_choice_lists_only_own_funds_batches_without_a_page(
        client, fund, other_fund, people):
    taken = batch_of(fund, "三月已公开批次")
    fund.add_child(instance=FundBatchPage(title="三月已公开批次发放明细", slug="taken",
                                          batch=taken, live=False))
    free = batch_of(fund, "三月补发批次")
    secret = batch_of(other_fund, "疾控科内部批次")

    client.force_login(people["editor"])
    response = client.get(f"/admin/pages/add/funds/fundbatchpage/{fund.pk}/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "三月补发批次" in text
    assert "三月已公开批次（" not in text and "疾控科内部批次" not in text

    # another department's editor, adding a page under its own fund, sees only its own batch
    client.force_login(people["stranger"])
    response = client.get(f"/admin/pages/add/funds/fundbatchpage/{other_fund.pk}/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "疾控科内部批次" in text
    assert "三月补发批次" not in text and "三月已公开批次" not in text
    # and the other fund's add form is not theirs to open
    response = client.get(f"/admin/pages/add/funds/fundbatchpage/{fund.pk}/")
    assert response.status_code in (302, 403)
    assert "三月补发批次" not in response.content.decode()

    # a batch of another fund, or one that has its page, is refused when posted
    form_class = FundBatchPage.get_edit_handler().get_form_class()
    for batch in (secret, taken):
        form = form_class(data={"title": "x", "slug": "x", "batch": str(batch.pk)},
                          instance=FundBatchPage(), parent_page=fund, for_user=people["editor"])
        assert not form.is_valid() and "batch" in form.errors
    form = form_class(data={"title": "x", "slug": "x", "batch": str(free.pk)},
                      instance=FundBatchPage(), parent_page=fund, for_user=people["editor"])
    form.is_valid()
    assert "batch" not in form.errors


def test_only_the_office_changes_a_funds_department_article_10(client, fund, people):
    other = Department.objects.get(code="other")
    url = f"/admin/pages/{fund.pk}/edit/"
    client.force_login(people["editor"])
    response = client.get(url)
    assert response.status_code == 200
    assert "责任科室只能由政务公开办公室调整" in response.content.decode()
    data = [(k, v) for k, v in browser_form_data(response.content.decode())
            if k != "department"] + [("department", str(other.pk))]
    response = client.post(url, dict(data))
    assert response.status_code == 302 and response["Location"].endswith(url)
    fund = FundPage.objects.get(pk=fund.pk)
    assert fund.department_id != other.pk
    assert fund.get_latest_revision_as_object().department_id != other.pk

    client.force_login(people["office"])
    response = client.get(url)
    assert "责任科室只能由政务公开办公室调整" not in response.content.decode()
    data = [(k, v) for k, v in browser_form_data(response.content.decode())
            if k != "department"] + [("department", str(other.pk))]
    response = client.post(url, dict(data))
    assert response.status_code == 302 and response["Location"].endswith(url)
    fund = FundPage.objects.get(pk=fund.pk)
    assert fund.get_latest_revision_as_object().department_id == other.pk
