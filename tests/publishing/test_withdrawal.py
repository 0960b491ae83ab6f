"""Withdrawal (撤回): a reason from the fixed list; the address stays with a notice (410), except
after a withdrawal for confidentiality (plain 404)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from wagtail.models import PageLogEntry

from publishing.actions.withdraw import (
    WITHDRAW_LOG_ACTION,
    WithdrawAction,
    WithdrawPermissionError,
)
from publishing.workflow_models import Withdrawal

from .workflow_support import clean_scan_fixture, desk_fixture, draft  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(desk):
    page = draft(desk.section, title="2025年度医疗机构校验结果公告", slug="notice")
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def test_withdrawal_needs_a_reason_from_the_fixed_list(desk, published):
    with pytest.raises(ValidationError):
        WithdrawAction(published, desk.office, "because").execute()
    with pytest.raises(ValidationError):
        WithdrawAction(published, desk.office, "other", "").execute()
    published.refresh_from_db()
    assert published.live


def test_only_those_who_may_unpublish_can_withdraw(desk, published):
    with pytest.raises(PermissionDenied):
        WithdrawAction(published, desk.editor, "repealed").execute()


def test_withdrawn_address_shows_notice_with_date_and_reason_410(desk, published, client):
    url = published.url
    WithdrawAction(published, desk.office, "wrong_content").execute()
    response = client.get(url)
    assert response.status_code == 410
    text = response.content.decode()
    assert "该信息已撤回" in text and "内容有误" in text and published.title in text
    assert PageLogEntry.objects.filter(page=published, action="publishing.withdraw").exists()


def test_withdrawal_for_other_reason_shows_its_text(desk, published, client):
    WithdrawAction(published, desk.office, "other", "已并入新版办事指南。").execute()
    assert "已并入新版办事指南。" in client.get(published.url).content.decode()


def test_withdrawal_for_confidentiality_is_a_plain_404(desk, published, client):
    WithdrawAction(published, desk.office, "confidentiality").execute()
    response = client.get(published.url)
    assert response.status_code == 404
    assert published.title not in response.content.decode()


def test_republished_page_ends_the_withdrawal(desk, published, client):
    WithdrawAction(published, desk.office, "repealed").execute()
    published.save_revision().publish()
    assert client.get(published.url).status_code == 200
    assert not Withdrawal.objects.get(page=published).active


def test_withdraw_view_and_wagtail_unpublish_go_through_the_reason_form(desk, published, client):
    client.force_login(desk.office)
    unpublish = client.post(reverse("wagtailadmin_pages:unpublish", args=[published.pk]))
    assert unpublish.status_code == 302
    assert unpublish.url == reverse("publishing_workflow:withdraw", args=[published.pk])
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[published.pk])).content.decode()
    url = reverse("publishing_workflow:withdraw", args=[published.pk])
    assert url in edit  # the action menu offers 撤回 instead of Wagtail's plain unpublish
    assert "撤回原因" in client.get(url).content.decode()
    response = client.post(url, {"reason": "other", "text": ""})
    assert response.status_code == 200 and "至少 4 个字" in response.content.decode()
    response = client.post(url, {"reason": "repealed"})
    assert response.status_code == 302
    published.refresh_from_db()
    assert not published.live


def test_withdrawal_refused_to_every_role_that_may_not_unpublish_with_a_chinese_message(
        desk, published, client):
    for user in (desk.editor, desk.reviewer, desk.other_reviewer, desk.officer):
        with pytest.raises(WithdrawPermissionError, match="您无权撤回该页面"):
            WithdrawAction(published, user, "repealed").check()
        client.force_login(user)
        response = client.post(reverse("publishing_workflow:withdraw", args=[published.pk]),
                               {"reason": "repealed"})
        assert response.status_code in (302, 403)
    published.refresh_from_db()
    assert published.live and not Withdrawal.objects.exists()


def test_withdrawal_logs_who_and_why(desk, published):
    WithdrawAction(published, desk.office, "other", "已并入新版办事指南。").execute()
    entry = PageLogEntry.objects.get(page=published, action=WITHDRAW_LOG_ACTION)
    assert entry.user == desk.office
    assert entry.data == {"reason": "other", "text": "已并入新版办事指南。"}


def test_withdraw_view_returns_to_a_safe_next_address_only(desk, published, client):
    client.force_login(desk.office)
    url = reverse("publishing_workflow:withdraw", args=[published.pk])
    back = reverse("wagtailadmin_pages:edit", args=[published.pk])
    response = client.post(f"{url}?next={back}", {"reason": "repealed"})
    assert response.url == back
    published.save_revision().publish()
    response = client.post(url, {"reason": "repealed", "next": "https://evil.example/"})
    assert response.url == reverse("wagtailadmin_explore", args=[published.get_parent().pk])
