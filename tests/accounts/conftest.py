import pytest
from django.core.cache import cache

from departments.roles import (
    AUDIT_ADMINISTRATOR,
    SECURITY_ADMINISTRATOR,
    SIGNATORY,
    SYSTEM_ADMINISTRATOR,
)

PASSWORD = "pw-for-tests-only"


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def signatory(make_user, roles):
    return make_user("signatory", SIGNATORY.group_name, first_name="建国", last_name="王")


@pytest.fixture
def security_admin(make_user, roles):
    return make_user("secadmin", SECURITY_ADMINISTRATOR.group_name)


@pytest.fixture
def audit_admin(make_user, roles):
    return make_user("auditadmin", AUDIT_ADMINISTRATOR.group_name)


@pytest.fixture
def system_admin(make_user, roles):
    return make_user("sysadmin", SYSTEM_ADMINISTRATOR.group_name)


def log_in(client, username, password=PASSWORD, address="192.0.2.10"):
    return client.post("/admin/login/", {"username": username, "password": password},
                       REMOTE_ADDR=address)
