"""The page cache through deploy/nginx.conf as shipped (Debian's nginx 1.22 with
libnginx-mod-http-cache-purge) in front of gunicorn with the production settings.

Anonymous visitors get public pages from nginx's cache; the site purges a page the moment it
changes (publication, withdrawal); nothing personal or non-public is ever kept or served from
it: pages for a logged-in person, forms with a CSRF token, the tracking page, restricted pages,
drafts and previews.
"""

import http.client
import re
import ssl
import uuid
from urllib.parse import urlencode

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from wagtail.models import Page, PageViewRestriction, Site

from applications.models import ApplicationPage
from portal.models import SectionPage
from publishing.actions.withdraw import WithdrawAction
from tests.harness.nginx import SERVER_NAME


@pytest.fixture
def cached_site(nginx_site, home, settings):
    """nginx in front of the site; the site answers as the production host, and purges the
    nginx it runs behind."""
    site = Site.objects.get(root_page=home)
    site.hostname, site.port = SERVER_NAME, 443
    site.save()
    proxy = nginx_site()
    settings.WAGTAILFRONTENDCACHE = {"node": {
        "BACKEND": "portal.cache_purge.BoundedPurgeBackend", "LOCATION": proxy.purge_location,
        "TIMEOUT": 2, "RETRIES": 1}}
    return proxy


@pytest.fixture
def office(roles, make_user):
    return make_user("office", "政务公开办公室")


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def section(parent, title, slug=None):
    return publish(parent.add_child(instance=SectionPage(
        title=title, slug=slug or f"s-{uuid.uuid4().hex[:8]}", body=f"<p>{title}的正文。</p>",
        show_in_menus=True)))


def fetch_twice(proxy, path, **kwargs):
    return proxy.get(path, **kwargs), proxy.get(path, **kwargs)


def assert_never_cached(first, second):
    for response in (first, second):
        assert response.headers.get("x-cache-status") != "HIT", response.headers
        assert "x-accel-expires" not in response.headers


def session_cookie(proxy, user) -> str:
    """Log `user` in through nginx (the admin's login form); the session cookie to send.

    The password is stored with the production hasher (the test settings use MD5)."""
    user.password = PBKDF2PasswordHasher().encode("pw-for-tests-only", "cachetestsalt")
    user.save(update_fields=["password"])
    form = proxy.get("/admin/login/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', form.body).group(1)
    csrf = re.search(r"csrftoken=([^;]+)", form.headers["set-cookie"]).group(1)
    context = ssl.create_default_context(cafile=str(proxy.directory / "ca.pem"))
    context.check_hostname = False
    connection = http.client.HTTPSConnection("127.0.0.1", proxy.https_port, context=context,
                                             timeout=30)
    body = urlencode({"csrfmiddlewaretoken": token.decode(), "username": user.username,
                      "password": "pw-for-tests-only", "next": "/admin/"})
    connection.request("POST", "/admin/login/", body=body, headers={
        "Host": SERVER_NAME, "Cookie": f"csrftoken={csrf}",
        "Content-Type": "application/x-www-form-urlencoded",
        "Referer": f"https://{SERVER_NAME}/admin/login/", "Origin": f"https://{SERVER_NAME}"})
    response = connection.getresponse()
    response.read()
    cookies = " ".join(value for name, value in response.getheaders()
                       if name.lower() == "set-cookie")
    connection.close()
    assert response.status == 302, (response.status, cookies)
    return "sessionid=" + re.search(r"sessionid=([^;]+)", cookies).group(1)


def test_public_page_is_served_from_the_cache_and_purged_on_publication_and_withdrawal(
        cached_site, home, office):
    page = section(home, "医政信息")

    first, second = fetch_twice(cached_site, page.url)
    assert first.status == 200 and "医政信息" in first.body.decode()
    assert second.headers["x-cache-status"] == "HIT"
    # To browsers and CDNs: the short lifetime; nginx's own long lifetime stays inside nginx.
    assert second.headers["cache-control"] == "public, max-age=60, s-maxage=60"
    assert "x-accel-expires" not in second.headers
    assert "accept-language" not in second.headers.get("vary", "").lower()
    # Revalidation: nginx answers 304 from its copy.
    etag, modified = second.headers["etag"], second.headers["last-modified"]
    assert cached_site.get(page.url, headers={"If-None-Match": etag}).status == 304
    assert cached_site.get(page.url, headers={"If-Modified-Since": modified}).status == 304

    # A new title is visible through the cache as soon as it is published (bench/bench_pages.py
    # measures how soon).
    page.title = "医政信息（更新）"
    publish(page)
    assert "医政信息（更新）" in cached_site.get(page.url).body.decode()
    # ...on the page that lists it too (the home page, its parent).
    assert "医政信息（更新）" in cached_site.get("/").body.decode()

    # Withdrawn for confidentiality: gone at once, from the page and from the home page's menu.
    cached_site.get("/")
    WithdrawAction(Page.objects.get(pk=page.pk), office, "confidentiality").execute()
    assert cached_site.get(page.url).status == 404
    assert "医政信息" not in cached_site.get("/").body.decode()


def test_logged_in_person_never_gets_or_leaves_a_cached_copy(cached_site, home, make_user):
    page = section(home, "机构概况")
    editor = make_user("cache-editor", is_superuser=True)
    cookie = session_cookie(cached_site, editor)

    first, second = fetch_twice(cached_site, page.url, headers={"Cookie": cookie})
    assert_never_cached(first, second)
    assert second.headers["cache-control"] == "private, no-store"
    assert "wagtail-userbar" in second.body.decode()  # the editor's own bar
    # The anonymous copy that follows is not the editor's.
    anonymous = cached_site.get(page.url)
    assert "wagtail-userbar" not in anonymous.body.decode()
    # Previews (admin) for the editor: personal, never cached.
    preview = fetch_twice(cached_site, f"/admin/pages/{page.pk}/edit/preview/",
                          headers={"Cookie": cookie})
    assert_never_cached(*preview)


def test_forms_with_a_csrf_token_and_the_tracking_page_are_never_cached(cached_site, home):
    applications = home.add_child(instance=ApplicationPage(
        title="政府信息公开申请", slug="shenqing",
        guide="<p>请写明所需信息的名称、文号或具体描述。</p>",
        privacy_notice="<p>您的个人信息仅用于办理本申请。</p>"))
    publish(applications)

    form = fetch_twice(cached_site, applications.url)
    assert form[0].status == 200
    assert_never_cached(*form)
    tokens = [re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', r.body) for r in form]
    assert all(tokens) and tokens[0].group(1) != tokens[1].group(1)
    assert "no-store" in form[1].headers["cache-control"]

    tracking = fetch_twice(cached_site, applications.url + applications.reverse_subpage("tracking"))
    assert tracking[0].status == 200
    assert_never_cached(*tracking)

    # A visitor holding a CSRF cookie (who has used a form) bypasses the cache entirely.
    cached_site.get(home.url)
    bypass = cached_site.get(home.url, headers={"Cookie": "csrftoken=abc"})
    assert bypass.headers["x-cache-status"] == "BYPASS"


def test_restricted_pages_drafts_and_searches_are_never_cached(cached_site, home, make_user):
    secret = section(home, "内部通知")
    PageViewRestriction.objects.create(page=secret, restriction_type="password",
                                       password="pw-only-for-tests")
    members = section(home, "登录可见")
    # Cached while public; restricting it takes the copy out at once.
    assert fetch_twice(cached_site, members.url)[1].headers["x-cache-status"] == "HIT"
    PageViewRestriction.objects.create(page=members, restriction_type="login")
    draft = home.add_child(instance=SectionPage(title="草稿页面", slug="caogao", live=False))

    password_form = fetch_twice(cached_site, secret.url)
    assert password_form[0].status == 200 and "内部通知的正文" not in password_form[0].body.decode()
    assert_never_cached(*password_form)
    assert_never_cached(*fetch_twice(cached_site, members.url))
    # The logged-in member sees the page; the copy is theirs alone.
    member = make_user("cache-member")
    seen = fetch_twice(cached_site, members.url, headers={"Cookie": session_cookie(cached_site, member)})
    assert "登录可见的正文" in seen[1].body.decode()
    assert_never_cached(*seen)
    assert "登录可见的正文" not in cached_site.get(members.url).body.decode()

    assert_never_cached(*fetch_twice(cached_site, draft.url))
    assert cached_site.get(draft.url).status == 404
    # Publishing the draft shows it at once (no cached 404 stands in the way).
    publish(draft)
    assert cached_site.get(draft.url).status == 200

    assert_never_cached(*fetch_twice(cached_site, "/search/?q=%E5%8C%BB%E6%94%BF"))


def test_purge_reaches_every_node_of_the_list(nginx_site, home, settings):
    site = Site.objects.get(root_page=home)
    site.hostname, site.port = SERVER_NAME, 443
    site.save()
    nodes = [nginx_site(), nginx_site()]
    settings.WAGTAILFRONTENDCACHE = {
        f"node{number}": {"BACKEND": "portal.cache_purge.BoundedPurgeBackend",
                          "LOCATION": node.purge_location}
        for number, node in enumerate(nodes)}
    page = section(home, "卫生统计")
    for node in nodes:
        assert fetch_twice(node, page.url)[1].headers["x-cache-status"] == "HIT"
    page.title = "卫生统计（更新）"
    publish(page)
    for node in nodes:
        assert "卫生统计（更新）" in node.get(page.url).body.decode()

