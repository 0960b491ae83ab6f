"""deploy/nginx.conf as shipped, on Debian's nginx 1.22, in front of gunicorn with the
production settings: it loads, and attachments of pages the public may not see are refused
at every address (/documents/..., /media/..., the internal X-Accel location)."""

import pytest
from wagtail.models import Page

from portal.models import SectionPage
from publishing.actions.withdraw import WithdrawAction
from tests.disclosure.test_attachment_access import PDF, item_with_attachment, publish, upload
from tests.harness.nginx import nginx_test, write_config


def test_shipped_config_passes_nginx_t_on_debian_nginx(nginx_binary, tmp_path, settings):
    config, _, _ = write_config(tmp_path, app_port=8000, media_root=tmp_path / "media")
    result = nginx_test(config)
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


@pytest.fixture
def section(home):
    return home.add_child(instance=SectionPage(title="医政信息", slug="yizheng"))


@pytest.fixture
def office(roles, make_user):
    return make_user("office", "政务公开办公室")


def test_public_gets_attachments_only_of_live_pages_through_nginx(nginx_site, section, office):
    site = nginx_site()
    live_file, draft_file, withdrawn_file = (upload("公开"), upload("草稿"), upload("撤回"))
    publish(item_with_attachment(section, live_file, "live"))
    item_with_attachment(section, draft_file, "draft")
    withdrawn = publish(item_with_attachment(section, withdrawn_file, "withdrawn"))
    WithdrawAction(Page.objects.get(pk=withdrawn.pk), office, "confidentiality").execute()

    served = site.get(live_file.url)
    assert served.status == 200, served.body[:500]
    assert served.body == PDF  # streamed by nginx from the internal location
    assert "filename" in served.headers["content-disposition"]
    for hidden in (draft_file, withdrawn_file):
        assert site.get(hidden.url).status == 404
    for document in (live_file, draft_file, withdrawn_file):
        assert site.get(f"/media/{document.file.name}").status == 404
        assert site.get(f"/_protected_media/{document.file.name}").status == 404


def test_health_check_answers_over_plain_http_and_the_rest_redirects(nginx_site, home):
    site = nginx_site()
    assert site.get("/healthz", https=False).status == 200
    assert site.get("/", https=False).status == 301


def test_harness_takes_extra_http_and_server_configuration(nginx_site, home, tmp_path):
    site = nginx_site(
        extra_http=f"proxy_cache_path {tmp_path / 'cache'} keys_zone=harness_extra:1m;",
        extra_server='add_header X-Harness-Extra "yes" always;')
    assert site.get("/healthz").headers.get("x-harness-extra") == "yes"
