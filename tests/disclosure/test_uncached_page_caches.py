"""What the uncached page reads from Django's cache instead of the database (issue 21): the
sites with their home pages, the organisation's setting, the home page's lists, and a page's
freedom from view restrictions. Each is dropped the moment what it holds changes, so a page
never shows a stale or non-public state."""

from wagtail.models import Page, PageViewRestriction, Site

from departments.models import Organisation
from portal.models import HomePage, SectionPage
from publishing.actions.withdraw import WithdrawAction
from tests.disclosure.conftest import publish


def html(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def test_home_page_lists_show_a_publication_and_an_unpublication_at_once(
        client, home, column, make_document):
    assert "关于新办法的通知" not in html(client, home.url)  # the lists are now cached
    document = publish(make_document("关于新办法的通知"))
    assert "关于新办法的通知" in html(client, home.url)
    document.unpublish()
    assert "关于新办法的通知" not in html(client, home.url)


def test_home_page_lists_drop_a_withdrawn_page_at_once(client, home, column, make_document,
                                                       roles, make_user):
    document = publish(make_document("关于需撤下的通知"))
    assert "关于需撤下的通知" in html(client, home.url)
    office = make_user("office", "政务公开办公室")
    WithdrawAction(Page.objects.get(pk=document.pk), office, "confidentiality").execute()
    assert "关于需撤下的通知" not in html(client, home.url)


def test_home_page_lists_follow_a_new_restriction_at_once(client, home, column,
                                                          make_document):
    publish(make_document("关于内部事项的通知"))
    assert "关于内部事项的通知" in html(client, home.url)
    PageViewRestriction.objects.create(page=column, restriction_type="login")
    assert "关于内部事项的通知" not in html(client, home.url)


def test_home_page_change_shows_at_once(client, home):
    html(client, home.url)
    home.title = "新的首页标题"
    publish(home)
    assert "新的首页标题" in html(client, home.url)


def test_organisation_setting_change_shows_at_once(client, home):
    assert "示例市卫生健康委员会" in html(client, home.url)
    setting = Organisation.for_site(Site.objects.get(root_page=home))
    setting.organisation_name = "另一个市卫生健康委员会"
    setting.save()
    assert "另一个市卫生健康委员会" in html(client, home.url)


def test_restriction_on_the_home_page_applies_at_once(client, home):
    html(client, home.url)  # the site, with "home page unrestricted", is now cached
    PageViewRestriction.objects.create(page=home, restriction_type="login")
    response = client.get(home.url)
    assert response.status_code == 302 and "login" in response["Location"]


def test_restriction_above_a_page_applies_at_once(client, home, column, make_document):
    document = publish(make_document())
    html(client, document.url)
    PageViewRestriction.objects.create(page=column, restriction_type="password",
                                       password="secret")  # noqa: S106
    response = client.get(document.url)
    assert 'name="password"' in response.content.decode()  # Wagtail's password form
    assert "各区卫生健康局" not in response.content.decode()
    assert "public" not in response["Cache-Control"]


def test_page_below_an_alias_is_checked_the_way_wagtail_does(client, home):
    """An alias section takes its source's restrictions: the path alone cannot say so, and
    Wagtail's own lookup runs."""
    source = publish(home.add_child(instance=SectionPage(title="源栏目", slug="yuan")))
    publish(source.add_child(instance=SectionPage(title="子页面", slug="zi")))
    alias = source.create_alias(parent=home, update_slug="bieming", recursive=True)
    PageViewRestriction.objects.create(page=source, restriction_type="login")
    response = client.get(f"/{alias.slug}/zi/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_new_site_answers_its_host_at_once(client, home, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "other.example"]
    html(client, home.url)  # the sites are now cached
    root = Page.get_first_root_node()
    other = root.add_child(instance=HomePage(title="另一个网站", slug="other-home"))
    Site.objects.create(hostname="other.example", port=80, root_page=other)
    assert "另一个网站" in html(client, "/", HTTP_HOST="other.example")
    assert "另一个网站" not in html(client, "/")


def test_caches_can_be_turned_off(client, home, column, make_document, settings):
    settings.SITE_CACHE_SECONDS = 0
    assert "测试首页" in html(client, home.url)
    publish(make_document("关于新办法的通知"))
    assert "关于新办法的通知" in html(client, home.url)
