"""CA-certificate login through the shipped staff host (deploy/nginx-staff.conf) on Debian's
nginx in front of gunicorn (production settings): a valid registered certificate logs its
person in; a revoked, expired or foreign-CA certificate does not; a forged header sent straight
to gunicorn is ignored; revoking a certificate ends the session it opened at the next request
(corpus 001 第十二、十五条)."""

import datetime
import http.client
import re
import ssl
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.utils import timezone

from accounts.models import LoginEvent, RegisteredCertificate
from tests.harness.nginx import (
    GATEWAY_KEY,
    PROJECT_DIR,
    STAFF_SERVER_NAME,
    free_port,
    make_certificate,
)

STAFF_CONFIG = PROJECT_DIR / "deploy" / "nginx-staff.conf"
NOW = datetime.datetime.now(datetime.UTC)


def new_ca(name):
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(NOW - datetime.timedelta(days=1))
            .not_valid_after(NOW + datetime.timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .sign(key, hashes.SHA256()))
    return key, cert


def client_certificate(ca, common_name, directory: Path, *, expired=False):
    ca_key, ca_cert = ca
    key = ec.generate_private_key(ec.SECP256R1())
    not_after = NOW - datetime.timedelta(days=1) if expired else NOW + datetime.timedelta(days=10)
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)]))
            .issuer_name(ca_cert.subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(NOW - datetime.timedelta(days=5)).not_valid_after(not_after)
            .sign(ca_key, hashes.SHA256()))
    cert_file, key_file = directory / f"{common_name}.pem", directory / f"{common_name}.key"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert, (str(cert_file), str(key_file))


def staff_server(directory: Path, ca_cert, port: int) -> str:
    """deploy/nginx-staff.conf with the test's port, server certificate, client CA and key."""
    make_certificate(directory)
    (directory / "client-ca.pem").write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    text = STAFF_CONFIG.read_text()
    for shipped, local in {
        "listen 443 ssl http2;": f"listen 127.0.0.1:{port} ssl;",
        "/etc/ssl/portal/staff-fullchain.pem": str(directory / "fullchain.pem"),
        "/etc/ssl/portal/staff-privkey.pem": str(directory / "privkey.pem"),
        "/etc/ssl/portal/staff-client-ca.pem": str(directory / "client-ca.pem"),
        "change-me-to-the-key-in-portal-env-32-chars-or-more": GATEWAY_KEY,
    }.items():
        assert shipped in text, shipped
        text = text.replace(shipped, local)
    return text


def get(port, path, *, client_cert=None, cookie="", headers=None):
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    if client_cert:
        context.load_cert_chain(*client_cert)
    connection = http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=180)
    try:
        connection.request("GET", path, headers={"Host": STAFF_SERVER_NAME,
                                                 **({"Cookie": cookie} if cookie else {}),
                                                 **(headers or {})})
        response = connection.getresponse()
        headers = dict(response.getheaders())
        headers["Set-Cookie"] = "; ".join(response.msg.get_all("Set-Cookie") or [])
        return response.status, headers, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


@pytest.fixture
def staff(make_user, roles):
    return make_user("zhangsan", "信息员", first_name="三", last_name="张")


@pytest.fixture
def pki(tmp_path, staff):
    ca = new_ca("示例市卫生健康委员会 CA")
    valid, valid_files = client_certificate(ca, "valid", tmp_path)
    revoked, revoked_files = client_certificate(ca, "revoked", tmp_path)
    expired, expired_files = client_certificate(ca, "expired", tmp_path, expired=True)
    _foreign, foreign_files = client_certificate(new_ca("别的 CA"), "foreign", tmp_path)
    for cert, revoked_at in ((valid, None), (revoked, timezone.now()), (expired, None)):
        RegisteredCertificate.objects.create(
            user=staff, serial=format(cert.serial_number, "X"),
            subject=cert.subject.rfc4514_string(), valid_to=cert.not_valid_after_utc,
            revoked_at=revoked_at)
    return {"ca": ca, "valid": valid_files, "revoked": revoked_files, "expired": expired_files,
            "foreign": foreign_files, "valid_cert": valid}


@pytest.fixture
def staff_port(nginx_site, pki, tmp_path):
    port = free_port()
    (tmp_path / "staff").mkdir()
    nginx_site(extra_http=staff_server(tmp_path / "staff", pki["ca"][1], port))
    return port


def test_valid_registered_certificate_logs_its_person_in(staff_port, pki):
    status, _headers, body = get(staff_port, "/admin/", client_cert=pki["valid"])
    assert status == 200, body[:300]
    assert "/admin/logout/" in body  # the dashboard, not the login form
    event = LoginEvent.objects.get(kind=LoginEvent.Kind.LOGIN)
    assert event.method == "certificate"
    assert LoginEvent.objects.filter(kind=LoginEvent.Kind.CERTIFICATE,
                                     detail__startswith="证书登录").exists()


def test_revoked_certificate_does_not_log_in(staff_port, pki):
    status, headers, _body = get(staff_port, "/admin/", client_cert=pki["revoked"])
    assert status == 302 and "/admin/login/" in headers["Location"]
    assert LoginEvent.objects.filter(kind=LoginEvent.Kind.CERTIFICATE,
                                     detail__startswith="证书已吊销").exists()


@pytest.mark.parametrize("which", ["expired", "foreign"])
def test_expired_or_foreign_ca_certificate_is_refused_by_nginx(staff_port, pki, which):
    status, _headers, body = get(staff_port, "/admin/", client_cert=pki[which])
    assert status == 403
    assert "数字证书无效" in body
    assert not LoginEvent.objects.filter(kind=LoginEvent.Kind.LOGIN).exists()


def test_forged_certificate_headers_sent_straight_to_gunicorn_are_ignored(
        staff_port, pki, gunicorn_app):
    serial = format(pki["valid_cert"].serial_number, "X")
    connection = http.client.HTTPConnection("127.0.0.1", gunicorn_app.port, timeout=180)
    connection.request("GET", "/admin/", headers={
        "Host": STAFF_SERVER_NAME, "X-Forwarded-Proto": "https",
        "X-SSL-Gateway-Key": "guessed", "X-SSL-Client-Verify": "SUCCESS",
        "X-SSL-Client-Serial": serial, "X-SSL-Client-Subject": "CN=valid"})
    response = connection.getresponse()
    assert response.status == 302 and "/admin/login/" in response.getheader("Location")
    assert not LoginEvent.objects.filter(kind=LoginEvent.Kind.LOGIN).exists()


def test_client_cannot_supply_the_headers_through_nginx_either(staff_port, pki):
    serial = format(pki["valid_cert"].serial_number, "X")
    status, headers, _body = get(staff_port, "/admin/", headers={
        "X-SSL-Client-Verify": "SUCCESS", "X-SSL-Client-Serial": serial})
    assert status == 302 and "/admin/login/" in headers["Location"]


def test_revoking_a_certificate_ends_the_session_it_opened_at_the_next_request(staff_port, pki):
    status, headers, _body = get(staff_port, "/admin/", client_cert=pki["valid"])
    assert status == 200
    cookie = re.search(r"sessionid=[^;]+", headers["Set-Cookie"]).group(0)
    assert get(staff_port, "/admin/", cookie=cookie)[0] == 200
    RegisteredCertificate.objects.filter(serial=format(pki["valid_cert"].serial_number, "X")) \
        .update(revoked_at=timezone.now(), revocation_reason="遗失")
    status, _headers, body = get(staff_port, "/admin/", cookie=cookie)
    assert status == 403 and "已吊销" in body
    status, headers, _body = get(staff_port, "/admin/", cookie=cookie)
    assert status == 302 and "/admin/login/" in headers["Location"]
