"""The applicant's tracking page: the right code shows the state; guesses learn nothing and are
throttled per address and per tracking number."""

import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from applications.actions import ReleaseFile

pytestmark = pytest.mark.django_db


def tracking_url(page):
    return page.url + page.reverse_subpage("tracking")


def ask(client, page, number, code, address="192.0.2.10"):
    return client.post(tracking_url(page), {"tracking_number": number, "query_code": code},
                       REMOTE_ADDR=address)


@pytest.fixture
def received(make_application, office):
    return make_application(submitted_on=date(2026, 9, 29), received_on=date(2026, 9, 30),
                            user=office)


def test_right_number_and_code_show_state_receipt_and_due_date(client, application_page,
                                                               received):
    response = ask(client, application_page, received.tracking_number, received.query_code)
    html = response.content.decode()
    assert response.status_code == 200
    assert "办理中" in html and "2026年9月30日" in html and "2026年11月3日" in html
    assert "已用" in html  # days used, in plain words
    assert received.name not in html and received.id_number not in html


def test_query_code_is_accepted_with_spaces_and_lower_case(client, application_page, received):
    code = received.query_code.lower()
    spaced = code[:5] + " " + code[5:]
    response = ask(client, application_page, f" {received.tracking_number} ", spaced)
    assert response.status_code == 200 and "办理中" in response.content.decode()


def test_wrong_code_and_unknown_number_get_the_same_answer(client, application_page, received):
    wrong_code = ask(client, application_page, received.tracking_number, "AAAAAAAAAA")
    unknown = ask(client, application_page, "2026-99999", "AAAAAAAAAA")
    assert wrong_code.status_code == unknown.status_code == 400
    message = "受理编号或查询码不正确，请核对后重试。"
    assert message in wrong_code.content.decode() and message in unknown.content.decode()
    def strip(html):
        html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
        return html.replace(received.tracking_number, "").replace("2026-99999", "")

    assert strip(wrong_code.content.decode()) == strip(unknown.content.decode())


def test_tracking_guesses_are_throttled_per_tracking_number_from_one_address(
        client, application_page, received, settings):
    settings.APPLICATION_TRACKING_ATTEMPTS_PER_NUMBER = (3, 3600)
    for _ in range(3):
        ask(client, application_page, received.tracking_number, "WRONGCODE1",
            address="192.0.2.7")
    # Even the right code is refused now from that address.
    response = ask(client, application_page, received.tracking_number, received.query_code,
                   address="192.0.2.7")
    assert "尝试次数过多" in response.content.decode()
    assert "办理中" not in response.content.decode()


def test_strangers_guesses_never_lock_the_applicant_out_of_their_own_application(
        client, application_page, received, settings):
    settings.APPLICATION_TRACKING_ATTEMPTS_PER_NUMBER = (3, 3600)
    for index in range(10):
        ask(client, application_page, received.tracking_number, "WRONGCODE1",
            address=f"192.0.2.{index}")
    response = ask(client, application_page, received.tracking_number, received.query_code,
                   address="198.51.100.20")
    assert "尝试次数过多" not in response.content.decode()
    assert "办理中" in response.content.decode()


def test_forged_forwarded_for_from_a_client_does_not_reset_its_count(
        client, application_page, received, settings):
    settings.APPLICATION_TRACKING_ATTEMPTS_PER_ADDRESS = (3, 3600)
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    for index in range(3):
        client.post(tracking_url(application_page), {
            "tracking_number": f"2026-9990{index}", "query_code": "WRONGCODE1"},
            REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR=f"10.9.9.{index}")
    response = ask(client, application_page, received.tracking_number, received.query_code,
                   address="203.0.113.9")
    assert "尝试次数过多" in response.content.decode()


def test_tracking_guesses_are_throttled_per_address_for_unknown_numbers_too(
        client, application_page, received, settings):
    settings.APPLICATION_TRACKING_ATTEMPTS_PER_ADDRESS = (3, 3600)
    for serial in range(3):
        ask(client, application_page, f"2026-{serial + 500:05d}", "WRONGCODE1")
    response = ask(client, application_page, received.tracking_number, received.query_code)
    assert "尝试次数过多" in response.content.decode()
    other = ask(client, application_page, received.tracking_number, received.query_code,
                address="192.0.2.99")
    assert "办理中" in other.content.decode()


def test_reply_letter_and_released_files_appear_after_the_reply(
        client, application_page, received, office, today, send_reply):
    today(date(2026, 10, 20))
    ReleaseFile(received, office).execute(
        upload=SimpleUploadedFile("公开部分.pdf", b"%PDF-1.4\n%%EOF\n"))
    html = ask(client, application_page, received.tracking_number,
               received.query_code).content.decode()
    assert "公开部分.pdf" not in html  # not before the reply
    send_reply(received, "partly_disclosed", "个人信息已删除。")
    html = ask(client, application_page, received.tracking_number,
               received.query_code).content.decode()
    assert "已办结" in html and "部分公开" in html
    assert "政府信息公开申请答复书" in html and "公开部分.pdf" in html
    assert "/applications/files/" in html


def test_tracking_form_with_missing_fields_gets_chinese_errors(client, application_page):
    response = client.post(tracking_url(application_page), {"tracking_number": ""})
    assert response.status_code == 400
    assert "请填写受理编号。" in response.content.decode()
