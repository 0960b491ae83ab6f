"""TOTP second factor (等保 2.0 身份鉴别: 两种或两种以上组合的鉴别技术): required for a
signatory when ACCOUNTS_TOTP_REQUIRED is on, accepted with a valid code, recovery codes once."""

import re
import time

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import LoginEvent

from .conftest import log_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def required(settings):
    settings.ACCOUNTS_TOTP_REQUIRED = True


def code_for(device):
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def test_totp_is_required_for_a_signatory_and_accepted_with_a_valid_code(client, signatory):
    log_in(client, "signatory")
    response = client.get("/admin/")
    assert response.status_code == 302 and response.url.startswith("/admin/accounts/otp/")
    page = client.get("/admin/accounts/otp/?next=/admin/")
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=signatory, confirmed=False)

    wrong = client.post("/admin/accounts/otp/?next=/admin/", {"code": "000000"})
    assert "动态口令不正确" in wrong.content.decode()
    time.sleep(1.1)  # django-otp refuses every code for a second after a wrong one

    enrolled = client.post("/admin/accounts/otp/?next=/admin/", {"code": code_for(device)})
    codes = re.findall(r"<li><code>(\w+)</code></li>", enrolled.content.decode())
    assert len(codes) == 10
    assert client.get("/admin/").status_code == 200
    assert LoginEvent.objects.filter(kind=LoginEvent.Kind.OTP_ENROLMENT, user=signatory).exists()

    # Next login: password, then a recovery code (each works once).
    client.post("/admin/logout/")
    log_in(client, "signatory")
    assert client.get("/admin/").status_code == 302
    assert client.post("/admin/accounts/otp/", {"code": codes[0]}).status_code == 302
    assert client.get("/admin/").status_code == 200
    client.post("/admin/logout/")
    log_in(client, "signatory")
    again = client.post("/admin/accounts/otp/", {"code": codes[0]})
    assert "动态口令不正确或已使用" in again.content.decode()


def test_an_editor_is_not_asked_for_a_second_factor(client, make_user, roles):
    make_user("editor", "信息员")
    log_in(client, "editor")
    assert client.get("/admin/").status_code == 200


def test_second_factor_can_be_switched_off(client, signatory, settings):
    settings.ACCOUNTS_TOTP_REQUIRED = False
    log_in(client, "signatory")
    assert client.get("/admin/").status_code == 200
