"""The client's address: a proxy's headers are believed only from a trusted proxy, and then
X-Real-IP or the rightmost untrusted hop of X-Forwarded-For (never the leftmost, which the
client writes itself)."""

import pytest
from django.test import RequestFactory

from clientaddress import client_address


@pytest.fixture
def trusted(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8"]


def request(remote, **headers):
    return RequestFactory().get("/", REMOTE_ADDR=remote, **headers)


def test_headers_from_an_untrusted_address_are_ignored(trusted):
    assert client_address(request("203.0.113.5", HTTP_X_FORWARDED_FOR="198.51.100.1",
                                  HTTP_X_REAL_IP="198.51.100.2")) == "203.0.113.5"


def test_no_trusted_proxy_configured_means_remote_addr(settings):
    settings.TRUSTED_PROXIES = []
    assert client_address(request("127.0.0.1", HTTP_X_REAL_IP="198.51.100.2")) == "127.0.0.1"


def test_x_real_ip_from_a_trusted_proxy_when_configured(trusted, settings):
    settings.CLIENT_ADDRESS_HEADER = "X-Real-IP"
    assert client_address(request("127.0.0.1", HTTP_X_REAL_IP="198.51.100.2",
                                  HTTP_X_FORWARDED_FOR="198.51.100.3")) == "198.51.100.2"
    assert client_address(request("127.0.0.1", HTTP_X_REAL_IP="junk")) == "127.0.0.1"


def test_x_real_ip_is_ignored_by_default_since_a_client_can_send_it(trusted):
    assert client_address(request("127.0.0.1", HTTP_X_REAL_IP="1.2.3.4",
                                  HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.3")) \
        == "198.51.100.3"


def test_rightmost_untrusted_hop_not_the_leftmost_the_client_wrote(trusted):
    forged_then_real = "1.2.3.4, 198.51.100.7, 10.1.2.3"
    assert client_address(request("127.0.0.1", HTTP_X_FORWARDED_FOR=forged_then_real)) \
        == "198.51.100.7"


def test_garbage_in_forwarded_for_is_not_believed(trusted):
    assert client_address(request("127.0.0.1", HTTP_X_FORWARDED_FOR="nonsense")) == "127.0.0.1"
    assert client_address(request("127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.9, junk")) \
        == "127.0.0.1"
