"""The certificate header contract in the app (accounts/certificates.py); the same against real
nginx is tests/nginx/test_certificate_login.py."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import LoginEvent, RegisteredCertificate

pytestmark = pytest.mark.django_db

KEY = "k" * 40


@pytest.fixture(autouse=True)
def certificate_login(settings):
    settings.ACCOUNTS_CERTIFICATE_LOGIN = "optional"
    settings.ACCOUNTS_CERTIFICATE_GATEWAY_KEY = KEY
    settings.ACCOUNTS_CERTIFICATE_HOSTS = ["testserver"]


@pytest.fixture
def certificate(signatory):
    return RegisteredCertificate.objects.create(
        user=signatory, serial="00:4f:2a:09", subject="CN=王建国", issuer="CN=Test CA",
        valid_to=timezone.now() + timedelta(days=30))


def headers(serial="4F2A09", key=KEY, verify="SUCCESS", issuer="CN=Test CA"):
    return {"HTTP_X_SSL_GATEWAY_KEY": key, "HTTP_X_SSL_CLIENT_VERIFY": verify,
            "HTTP_X_SSL_CLIENT_SERIAL": serial, "HTTP_X_SSL_CLIENT_SUBJECT": "CN=王建国",
            "HTTP_X_SSL_CLIENT_ISSUER": issuer}


def test_serial_is_stored_in_one_spelling(certificate):
    assert certificate.serial == "4F2A09"


def test_verified_registered_certificate_logs_in(client, certificate):
    assert client.get("/admin/", **headers()).status_code == 200
    assert client.session["accounts_login_method"] == "certificate"


@pytest.mark.parametrize("changes", [{"key": "wrong"}, {"verify": "FAILED:expired"},
                                     {"serial": "FFFF"}, {"issuer": "CN=Other CA"}])
def test_wrong_key_unverified_unknown_or_other_issuer_does_not_log_in(client, certificate,
                                                                     changes):
    assert client.get("/admin/", **headers(**changes)).status_code == 302
    assert "_auth_user_id" not in client.session


def test_headers_on_another_host_are_ignored(client, certificate, settings):
    settings.ACCOUNTS_CERTIFICATE_HOSTS = ["houtai.example.gov.cn"]
    assert client.get("/admin/", **headers()).status_code == 302


def test_revoking_the_certificate_ends_its_session_at_the_next_request(client, certificate):
    client.get("/admin/", **headers())
    certificate.revoked_at = timezone.now()
    certificate.save()
    response = client.get("/admin/")
    assert response.status_code == 403 and "已吊销" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert LoginEvent.objects.filter(kind=LoginEvent.Kind.CERTIFICATE,
                                     detail__startswith="证书已吊销").exists()


def test_required_mode_ends_a_password_session(client, signatory, settings):
    settings.ACCOUNTS_CERTIFICATE_LOGIN = "required"
    client.force_login(signatory)
    response = client.get("/admin/")
    assert response.status_code == 403 and "数字证书" in response.content.decode()


def test_off_mode_ignores_the_headers(client, certificate, settings):
    settings.ACCOUNTS_CERTIFICATE_LOGIN = "off"
    assert client.get("/admin/", **headers()).status_code == 302
