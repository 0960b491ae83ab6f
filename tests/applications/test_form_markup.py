"""The application form as people and screen readers meet it: conditionally required fields say
when they are required, only the applicant block that applies is shown, and every
`aria-describedby` names an id that exists on the page (checked by parsing the HTML)."""

from html.parser import HTMLParser

import pytest

pytestmark = pytest.mark.django_db


class _Ids(HTMLParser):
    """Every id on the page, every id that an aria-describedby names, and the fieldsets."""

    def __init__(self):
        super().__init__()
        self.ids, self.described, self.blocks = set(), [], {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if attrs.get("aria-describedby") is not None:
            self.described.append((tag, attrs.get("name") or attrs.get("id") or tag,
                                   attrs["aria-describedby"].split()))
        if "data-applicant-block" in attrs:
            self.blocks[attrs["data-applicant-block"]] = "hidden" in attrs


def parse(response):
    parser = _Ids()
    parser.feed(response.content.decode())
    return parser


def form_url(page):
    return page.url + page.reverse_subpage("application_form")


def assert_every_described_by_points_to_an_id(parser):
    for tag, name, ids in parser.described:
        assert ids, f"{tag} {name} 的 aria-describedby 为空"
        missing = [i for i in ids if i not in parser.ids]
        assert not missing, f"{tag} {name} 的 aria-describedby 指向不存在的 id：{missing}"


def test_every_aria_describedby_of_the_empty_form_points_to_an_existing_id(client,
                                                                            application_page):
    parser = parse(client.get(application_page.url))
    assert parser.described  # the upload's help text at least
    assert_every_described_by_points_to_an_id(parser)


def test_every_aria_describedby_of_a_form_with_errors_points_to_an_existing_id(
        client, application_page, form_data):
    data = dict(form_data, id_number="", phone="12", postcode="4670", consent="")
    response = client.post(form_url(application_page), data)
    parser = parse(response)
    described = {name: ids for _tag, name, ids in parser.described}
    assert described["phone"] == ["id_phone_errors"]
    assert "id_postcode_errors" in described["postcode"]
    assert_every_described_by_points_to_an_id(parser)
    assert 'aria-invalid="true"' in response.content.decode()


def test_tracking_form_help_texts_are_named_by_their_fields(client, application_page):
    url = application_page.url + application_page.reverse_subpage("tracking")
    parser = parse(client.get(url))
    described = {name: ids for _tag, name, ids in parser.described}
    assert described["tracking_number"] == ["id_tracking_number_helptext"]
    assert_every_described_by_points_to_an_id(parser)


def test_conditionally_required_fields_say_when_they_are_required(client, application_page):
    html = client.get(application_page.url).content.decode()
    for label, when in (("证件号码", "自然人必填"), ("统一社会信用代码", "法人或其他组织必填"),
                        ("电子邮箱", "选择通过电子邮件获取或送达的必填"),
                        ("通信地址", "选择邮寄的必填")):
        assert f'<span class="required-when">（{when}）</span>' in html, label


def test_only_the_applicant_block_that_applies_is_shown(client, application_page,
                                                        organisation_data, form_data):
    # An organisation's form sent back with an error shows the organisation block only.
    response = client.post(form_url(application_page), dict(organisation_data, phone="12"))
    assert parse(response).blocks == {"natural": True, "organisation": False}
    response = client.post(form_url(application_page), dict(form_data, phone="12"))
    assert parse(response).blocks == {"natural": False, "organisation": True}
    # Without a choice (a script that never ran, an empty post) both stay visible.
    response = client.post(form_url(application_page), dict(form_data, applicant_type=""))
    assert parse(response).blocks == {"natural": False, "organisation": False}
