"""Bad input is a 4xx, never a 5xx: NUL bytes and bytes that are not UTF-8 in paths, query
strings, headers and form fields, on every URL pattern of the project."""

import uuid

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.regex_helper import normalize

from publishing.middleware import withdrawal_for

pytestmark = pytest.mark.django_db

BAD_PATH_SUFFIXES = ("%00", "%00/", "%FF%FE/", "x%C3%28/")
BAD_QUERIES = ("q=%00", "q=%FF", "%00=1", "next=%E4%B8%AD%00")
BAD_FORMS = ({"q": "\x00"}, {"title": "标题\x00", "body": "x"})


def every_url():
    """One sample path per URL pattern: each parameter filled with a value of its type."""
    paths = set()
    for regex, converters in _walk(get_resolver().url_patterns, "", {}):
        for format_string, params in normalize(regex):
            values = {name: _sample(converters.get(name)) for name in params}
            try:
                paths.add("/" + (format_string % values))
            except (KeyError, TypeError, ValueError):
                continue
    paths.add("/")
    return sorted(paths)


def _walk(patterns, prefix, converters):
    for entry in patterns:
        regex = prefix + entry.pattern.regex.pattern.lstrip("^").rstrip("$").replace(r"\Z", "")
        merged = {**converters, **getattr(entry.pattern, "converters", {})}
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, regex, merged)
        elif isinstance(entry, URLPattern):
            yield regex, merged


def _sample(converter) -> str:
    name = type(converter).__name__ if converter is not None else ""
    if name == "UUIDConverter":
        return str(uuid.UUID(int=1))
    return "1"


@pytest.fixture
def admin_client_raw(make_user):
    """A superuser's client that returns 5xx responses instead of raising."""
    client = Client(raise_request_exception=False)
    client.force_login(make_user("root", is_superuser=True, is_staff=True))
    return client


def test_the_walk_covers_the_whole_project():
    paths = every_url()
    assert len(paths) > 200
    for expected in ("/documents/1/1", "/healthz", "/applications/files/1/", "/admin/pages/1/edit/",
                     "/"):
        assert expected in paths


@pytest.mark.postgres
def test_no_url_of_the_project_answers_5xx_to_nul_or_invalid_utf8(home, admin_client_raw):
    """Runs on SQLite and on PostgreSQL (where NUL in a query used to be a 500)."""
    anonymous = Client(raise_request_exception=False)
    failures = []
    for path in every_url():
        base = path.rstrip("/") + "/" if path.endswith("/") else path + "/"
        for client in (anonymous, admin_client_raw):
            for suffix in BAD_PATH_SUFFIXES:
                _check(failures, client.get(base + suffix), "GET", base + suffix)
            for query in BAD_QUERIES:
                _check(failures, client.get(f"{path}?{query}"), "GET", f"{path}?{query}")
            for form in BAD_FORMS:
                _check(failures, client.post(path, form), "POST", f"{path} {form!r}")
    assert failures == []


def _check(failures, response, method, what):
    if response.status_code >= 500:
        failures.append(f"{method} {what} → {response.status_code}")


def test_nul_in_any_unknown_path_is_400_with_a_chinese_message(client, home):
    for path in ("/%00", "/xxgk/%00/", "/documents/1/a%00.pdf"):
        response = client.get(path)
        assert response.status_code == 400
        assert "无效字符" in response.content.decode()


def test_invalid_utf8_in_path_query_header_and_form_is_400(client, home):
    assert client.get("/search/%FF/").status_code == 400
    assert client.get("/search/", {"q": b"\xff".decode("latin-1")}).status_code == 200
    assert client.get("/search/?q=%FF%FE").status_code == 400
    assert client.get("/search/", HTTP_X_CUSTOM=b"\xc3\x28".decode("latin-1")).status_code == 400
    assert client.get("/search/", HTTP_COOKIE="sessionid=a\x00b").status_code == 400
    assert client.post("/search/", "name=%FF", content_type=(
        "application/x-www-form-urlencoded")).status_code == 400
    assert client.post("/search/", {"name": "a\x00"}).status_code == 400


def test_well_formed_chinese_input_passes(client, home):
    assert client.get("/search/", {"q": "医疗机构 校验"}).status_code == 200


def test_withdrawal_lookup_ignores_a_nul_path(rf, home):
    assert withdrawal_for(rf.get("/xxgk/%00/")) is None
