"""The public form, the tracking page and the published column: hostile input gets Chinese
field errors and stores nothing; honeypot and rate limits as for applications; publication
only with consent and after masking (条例 第十五条). Runs on PostgreSQL when DATABASE_URL says so."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from interaction import actions
from interaction.models import MessageEvent, PublicMessage, State

pytestmark = pytest.mark.django_db


def write_url(page):
    return page.url + "write/"


def post(client, page, data, **files):
    return client.post(write_url(page), dict(data, **files))


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "PNG")
    return buffer.getvalue()


def test_form_submits_and_shows_number_and_code_once(client, interaction_page, form_data):
    response = post(client, interaction_page, form_data)
    assert response.status_code == 302
    message = PublicMessage.objects.get()
    page = client.get(response["Location"])
    assert message.tracking_number in page.content.decode()
    assert message.state == State.SUBMITTED and message.consent_to_publish
    assert MessageEvent.objects.filter(message=message, kind="submitted").exists()


@pytest.mark.parametrize(("field", "value", "words"), [
    ("content", "<script>alert(1)</script>", "请勿输入 HTML 代码或脚本"),
    ("title", "<img src=x onerror=alert(1)>", "请勿输入 HTML 代码或脚本"),
    ("content", "很" * (1024 * 1024), "留言内容最多 5000 个字"),
    ("title", "长" * 101, "标题最多 100 个字"),
    ("channel", "not-a-number", "请从列表中选择留言类别"),
    ("channel", "99999", "请从列表中选择留言类别"),
    ("subject", "abc", "请从列表中选择事项"),
    ("phone", "12345", "请填写 11 位手机号码"),
    ("email", "not-an-email", "请填写有效的电子邮箱地址"),
    ("content", "", "请填写留言内容"),
    ("title", "", "请填写标题"),
    ("channel", "", "请选择留言类别"),
    ("consent", "", "请阅读并同意个人信息处理说明"),
    ("name", "", "实名留言请填写姓名"),
    ("phone", "", "实名留言请填写联系电话"),
    ("content", "正常内容\x07隐藏", "控制字符"),
])
def test_hostile_or_missing_input_gets_a_chinese_field_error_and_stores_nothing(
        client, interaction_page, form_data, field, value, words):
    data = dict(form_data, **{field: value})
    if value == "":
        data.pop(field)
    response = post(client, interaction_page, data)
    assert response.status_code in (400,)
    assert words in response.content.decode()
    assert not PublicMessage.objects.exists() and not MessageEvent.objects.exists()


def test_nul_byte_in_the_body_is_refused_before_anything_reads_it(client, interaction_page,
                                                                 form_data):
    response = post(client, interaction_page, dict(form_data, content="a\x00b"))
    assert response.status_code == 400
    assert not PublicMessage.objects.exists()


@pytest.mark.parametrize(("name", "content", "words"), [
    ("photo.exe", b"MZ\x90\x00", "只能上传 PDF、JPG 或 PNG 文件"),
    ("photo.png", b"not really a png", "文件内容与扩展名不符"),
    ("scan.pdf", b"%PDF-1.4 broken", "文件内容与扩展名不符"),
])
def test_attachments_are_checked(client, interaction_page, form_data, name, content, words):
    response = post(client, interaction_page, form_data,
                    attachment=SimpleUploadedFile(name, content))
    assert response.status_code == 400
    assert words in response.content.decode()
    assert not PublicMessage.objects.exists()


def test_oversized_upload_is_refused(client, interaction_page, form_data, settings):
    settings.INTERACTION_UPLOAD_MAX_BYTES = 1024 * 1024
    big = png_bytes() + b"\x00" * (1024 * 1024 + 1)
    response = post(client, interaction_page, form_data,
                    attachment=SimpleUploadedFile("big.png", big))
    assert response.status_code == 400
    assert "文件不能超过 1 MB" in response.content.decode()
    assert not PublicMessage.objects.exists()


def test_a_real_png_is_kept_privately(client, interaction_page, form_data):
    response = post(client, interaction_page, form_data,
                    attachment=SimpleUploadedFile("photo.png", png_bytes()))
    assert response.status_code == 302
    message = PublicMessage.objects.get()
    assert message.attachment.storage.__class__.__name__ != "" \
        and "interaction/uploads/" in message.attachment.name


def test_anonymous_only_where_the_channel_allows_and_then_keeps_no_identity(
        client, interaction_page, form_data, channels):
    refused = post(client, interaction_page, dict(form_data, anonymous="on"))
    assert refused.status_code == 400
    assert "须实名留言，不能匿名" in refused.content.decode()
    accepted = post(client, interaction_page, dict(
        form_data, anonymous="on", channel=str(channels["consultation"].pk)))
    assert accepted.status_code == 302
    message = PublicMessage.objects.get()
    assert message.anonymous and message.name == "" and message.phone == ""


def test_honeypot_refuses_and_stores_nothing(client, interaction_page, form_data):
    response = post(client, interaction_page, dict(form_data, website="http://spam.example"))
    assert response.status_code == 400
    assert "提交未通过校验" in response.content.decode()
    assert not PublicMessage.objects.exists()


def test_rate_limit_per_address(client, interaction_page, form_data, settings):
    settings.INTERACTION_RATE_LIMIT_PER_ADDRESS = (2, 3600)
    for index in range(2):
        assert post(client, interaction_page, dict(
            form_data, phone=f"1380000000{index + 2}")).status_code == 302
    response = post(client, interaction_page, dict(form_data, phone="13800000009"))
    assert response.status_code == 400
    assert "提交过于频繁" in response.content.decode()
    assert PublicMessage.objects.count() == 2


def test_double_submission_of_one_form_makes_one_message(client, interaction_page, form_data):
    data = dict(form_data, submission_token="a" * 32)
    assert post(client, interaction_page, data).status_code == 302
    assert post(client, interaction_page, data).status_code == 302
    assert PublicMessage.objects.count() == 1


def test_tracking_page_shows_state_and_deadline_in_plain_words(
        client, interaction_page, make_message):
    message = make_message(date(2026, 9, 28))
    response = client.post(interaction_page.url + "track/", {
        "tracking_number": message.tracking_number, "query_code": message.query_code})
    text = response.content.decode()
    assert response.status_code == 200
    assert "已提交，待受理" in text and "2026年10月8日 前决定是否受理" in text


def test_tracking_answers_a_wrong_code_and_a_wrong_number_alike_and_throttles(
        client, interaction_page, make_message, settings):
    settings.INTERACTION_TRACKING_ATTEMPTS_PER_NUMBER = (3, 3600)
    message = make_message(date(2026, 3, 2))
    wrong = client.post(interaction_page.url + "track/", {
        "tracking_number": message.tracking_number, "query_code": "WRONGCODE1"})
    missing = client.post(interaction_page.url + "track/", {
        "tracking_number": "2026-99999", "query_code": "WRONGCODE1"})
    assert "留言编号或查询码不正确" in wrong.content.decode()
    assert "留言编号或查询码不正确" in missing.content.decode()
    for _attempt in range(2):
        client.post(interaction_page.url + "track/", {
            "tracking_number": message.tracking_number, "query_code": "WRONGCODE1"})
    blocked = client.post(interaction_page.url + "track/", {
        "tracking_number": message.tracking_number, "query_code": message.query_code})
    assert "尝试次数过多" in blocked.content.decode()


def test_strangers_guesses_never_lock_the_writer_out_of_their_own_message(
        client, interaction_page, make_message, settings):
    settings.INTERACTION_TRACKING_ATTEMPTS_PER_NUMBER = (3, 3600)
    message = make_message(date(2026, 3, 2))
    for _attempt in range(5):
        client.post(interaction_page.url + "track/", {
            "tracking_number": message.tracking_number, "query_code": "WRONGCODE1"},
            REMOTE_ADDR="203.0.113.9")
    own = client.post(interaction_page.url + "track/", {
        "tracking_number": message.tracking_number, "query_code": message.query_code},
        REMOTE_ADDR="198.51.100.7")
    assert "尝试次数过多" not in own.content.decode()
    assert "留言编号或查询码不正确" not in own.content.decode()


def test_writer_says_not_satisfied_on_the_tracking_page_and_it_escalates(
        client, interaction_page, make_message, office, editor, head, departments):
    message = make_message(date(2026, 3, 2))
    actions.Accept(message, office, department=departments["yizheng"]).execute()
    actions.DraftReply(message, editor, text="经核查，收费项目已公示，答复如下。").execute()
    actions.ApproveReply(message, head).execute()
    response = client.post(interaction_page.url + "track/", {
        "tracking_number": message.tracking_number, "query_code": message.query_code,
        "satisfied": "no", "text": "没有回答费用依据"})
    text = response.content.decode()
    assert "已收到您的评价" in text and "同级纪检监察" in text
    message.refresh_from_db()
    assert message.stage == 2 and message.state == State.ACCEPTED


def test_feedback_with_a_wrong_code_changes_nothing(client, interaction_page, make_message,
                                                    office, editor, head, departments):
    message = make_message(date(2026, 3, 2))
    actions.Accept(message, office, department=departments["yizheng"]).execute()
    actions.DraftReply(message, editor, text="经核查，收费项目已公示，答复如下。").execute()
    actions.ApproveReply(message, head).execute()
    client.post(interaction_page.url + "track/", {
        "tracking_number": message.tracking_number, "query_code": "WRONGCODE1",
        "satisfied": "no"})
    message.refresh_from_db()
    assert message.state == State.REPLIED


# --- Publication ------------------------------------------------------------------------------
def replied(make_message, office, editor, head, departments, **overrides):
    message = make_message(date(2026, 3, 2), **overrides)
    actions.Accept(message, office, department=departments["yizheng"]).execute()
    actions.DraftReply(message, editor, text=(
        "测试投诉人您好：经核查，您反映的收费问题属实，已责令退还。如有疑问请拨打 13912345678。")).execute()
    actions.ApproveReply(message, head).execute()
    message.refresh_from_db()
    return message


def test_publication_masks_personal_data_article_15(client, interaction_page, make_message,
                                                    office, editor, head, departments):
    message = replied(make_message, office, editor, head, departments, content=(
        "我是测试投诉人，电话13800000001，在建设路55号3单元501室附近的卫生院被多收费。"))
    actions.Publish(message, office).execute()
    message.refresh_from_db()
    answer = message.approved_replies().get().published_text
    for secret in ("测试投诉人", "13800000001", "13912345678", "55号3单元501室"):
        assert secret not in message.published_question and secret not in answer
    assert "139****5678" in answer
    listing = client.get(interaction_page.url).content.decode()
    assert message.title in listing
    detail = client.get(interaction_page.url + message.tracking_number + "/").content.decode()
    assert "139****5678" in detail and "13912345678" not in detail
    assert "测试投诉人" not in detail
    assert message.events.filter(kind="published").get().data["masked"] >= 4


def test_publication_only_with_consent(make_message, office, editor, head, departments, client,
                                       interaction_page):
    message = replied(make_message, office, editor, head, departments, consent_to_publish="")
    with pytest.raises(Exception, match="未同意公开"):
        actions.Publish(message, office).execute()
    message.refresh_from_db()
    assert not message.is_published
    assert client.get(interaction_page.url + message.tracking_number + "/").status_code == 404


def test_publication_refused_when_the_channel_does_not_publish(
        make_message, channels, office, editor, head, departments):
    message = replied(make_message, office, editor, head, departments,
                      channel=str(channels["mailbox"].pk))
    with pytest.raises(Exception, match="本渠道的答复不公开"):
        actions.Publish(message, office).execute()


def test_publication_blocked_by_a_classification_mark(make_message, office, editor, head,
                                                      departments):
    message = replied(make_message, office, editor, head, departments,
                      content="附上内部文件（秘密★1年）的内容供参考，请核查收费问题。")
    with pytest.raises(Exception, match="保密审查未通过"):
        actions.Publish(message, office).execute()
    message.refresh_from_db()
    assert not message.is_published


def test_unpublished_messages_appear_nowhere_public(client, interaction_page, make_message,
                                                    office, editor, head, departments):
    message = replied(make_message, office, editor, head, departments)
    assert message.title not in client.get(interaction_page.url).content.decode()
    assert client.get(interaction_page.url + message.tracking_number + "/").status_code == 404
    assert message.tracking_number not in client.get("/sitemap.xml").content.decode()
    actions.Publish(message, office).execute()
    assert message.tracking_number in client.get("/sitemap.xml").content.decode()


def test_listing_search_and_filters(client, interaction_page, make_message, office, editor, head,
                                    departments, channels):
    message = replied(make_message, office, editor, head, departments, title="关于疫苗接种时间的疑问")
    actions.Publish(message, office).execute()
    found = client.get(interaction_page.url, {"q": "疫苗"}).content.decode()
    assert "关于疫苗接种时间的疑问" in found
    assert "关于疫苗接种时间的疑问" not in client.get(
        interaction_page.url, {"q": "不存在的词"}).content.decode()
    assert "关于疫苗接种时间的疑问" not in client.get(
        interaction_page.url, {"channel": channels["consultation"].pk}).content.decode()
    assert client.get(interaction_page.url, {"channel": "x'; drop", "year": "abc",
                                             "page": "-1"}).status_code == 200


def test_publishing_or_taking_down_an_answer_purges_the_pages_that_show_it(
        interaction_page, make_message, office, editor, head, departments, settings,
        django_capture_on_commit_callbacks):
    """nginx keeps the 互动交流 pages for a day; an answer taken down (撤下) must leave at once."""
    from tests.portal.test_page_cache import PURGED

    settings.WAGTAILFRONTENDCACHE = {"recorder": {
        "BACKEND": "tests.portal.test_page_cache.RecordingBackend"}}
    message = replied(make_message, office, editor, head, departments)
    root = interaction_page.get_site().root_url
    own_page = f"{root}{interaction_page.url}{message.tracking_number}/"
    for step in (actions.Publish(message, office),
                 actions.Unpublish(message, office, reason="当事人要求撤下")):
        PURGED.clear()
        with django_capture_on_commit_callbacks(execute=True):
            step.execute()
        assert {root + interaction_page.url, own_page, root + "/sitemap.xml"} <= set(PURGED)
    PURGED.clear()
