"""Staff handling in the Wagtail admin: who sees what, each step recorded, letters, files."""

from datetime import date
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch, reverse
from pypdf import PdfReader

from applications.actions import DraftReply, ReleaseFile, ReturnToOffice
from applications.models import ApplicationEvent, DisclosureApplication, Letter, State
from applications.replies import REPLY_CHOICES, REPLY_TREE, REPLY_TYPES

pytestmark = pytest.mark.django_db

RECEIVED = date(2026, 9, 30)


def detail(application):
    return reverse("disclosure_applications:detail", args=[application.pk])


def action_url(application, code):
    return reverse("disclosure_applications:action", args=[application.pk, code])


@pytest.fixture
def received(make_application, office):
    return make_application(submitted_on=date(2026, 9, 29), received_on=RECEIVED, user=office)


def test_office_sees_the_list_with_names_masked(client, office, received):
    client.force_login(office)
    response = client.get(reverse("disclosure_applications:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert received.tracking_number in html
    assert "测试***甲" in html  # personaldata.mask_name: 测试申请人甲
    assert received.name not in html
    assert received.id_number not in html and received.phone not in html


def test_office_sees_personal_data_on_the_detail_page(client, office, received):
    client.force_login(office)
    html = client.get(detail(received)).content.decode()
    assert received.name in html and received.id_number in html and received.phone in html


def test_detail_page_shows_the_request_and_nothing_else_of_the_row(client, office, received):
    """The inspect view lists only the request's fields: no hash, token or internal number."""
    client.force_login(office)
    html = client.get(detail(received)).content.decode()
    assert received.information_title in html and "所需信息的名称" in html
    assert received.query_code_hash not in html
    assert "query_code_hash" not in html and "提交时间" not in html.split("申请内容")[-1]


def test_handler_of_another_department_cannot_see_the_applicant(
        client, office, handler, other_handler, received, departments, route):
    route(received, departments["yizheng"], reason="医疗机构校验由医政医管科负责")
    client.force_login(other_handler)
    assert client.get(detail(received)).status_code == 404
    listing = client.get(reverse("disclosure_applications:index")).content.decode()
    assert received.tracking_number not in listing and received.name not in listing
    response = client.post(action_url(received, "draft_reply"),
                           {"draft_reply-reply_type": "unavailable_not_held",
                            "draft_reply-text": "x"})
    assert response.status_code == 404
    received.refresh_from_db()
    assert received.state == State.IN_PROGRESS

    client.force_login(handler)
    html = client.get(detail(received)).content.decode()
    assert received.name in html and received.id_number in html


def test_assignment_to_a_department_and_back_is_recorded(office, handler, received, departments,
                                                         route):
    route(received, departments["yizheng"], reason="转医政医管科办理")
    ReturnToOffice(received, handler).execute(reason="不属于本科室职责")
    received.refresh_from_db()
    assert received.department is None
    kinds = list(received.events.values_list("kind", "by__username", "reason"))
    assert kinds[-2:] == [("assigned", "office", "转医政医管科办理"),
                          ("returned", "handler", "不属于本科室职责")]


def test_audit_trail_cannot_be_edited_or_deleted(office, received):
    event = received.events.first()
    event.reason = "改写历史"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        ApplicationEvent.objects.filter(pk=event.pk).update(reason="改写")
    with pytest.raises(PermissionError):
        ApplicationEvent.objects.all().delete()
    for name in ("edit", "delete"):
        with pytest.raises(NoReverseMatch):
            reverse(f"disclosure_applications:{name}", args=[received.pk])


def test_steps_in_the_admin_record_who_when_and_why(client, office, received, today):
    client.force_login(office)
    today(date(2026, 10, 12))
    response = client.post(action_url(received, "start_consultation"), {
        "start_consultation-kind": "third_party", "start_consultation-counterpart": "某企业",
        "start_consultation-reason": "涉及商业秘密，征求企业意见"})
    assert response.status_code == 302
    event = received.events.get(kind="consultation_started")
    assert event.by == office and event.reason == "涉及商业秘密，征求企业意见"
    html = client.get(detail(received)).content.decode()
    assert "征求第三方意见" in html and "2026-11-02" in html


def test_bad_step_input_is_a_message_not_a_server_error(client, office, received):
    client.force_login(office)
    response = client.post(action_url(received, "extend"), {"extend-days": "99"}, follow=True)
    assert response.status_code == 200
    assert "批准延期答复" in response.content.decode()
    received.refresh_from_db()
    assert received.extension_days == 0


def test_every_closed_application_has_exactly_one_reply_leaf(received):
    leaves = [code for _group, choices in REPLY_CHOICES for code, _label in choices]
    assert len(leaves) == len(set(leaves)) == len(REPLY_TYPES) == 21  # 1+1+8+3+5+3
    assert [group.label for group in REPLY_TREE] == [
        "予以公开", "部分公开", "不予公开", "无法提供", "不予处理", "其他处理"]
    for state, reply_type in ((State.CLOSED, ""), (State.CLOSED, "no_such_leaf"),
                              (State.IN_PROGRESS, "disclosed")):
        with pytest.raises(IntegrityError), transaction.atomic():
            DisclosureApplication.objects.filter(pk=received.pk).update(state=state,
                                                                        reply_type=reply_type)


def test_partly_disclosed_reply_letter_with_remedy_notice_and_embedded_chinese_font(
        office, received, today, django_capture_on_commit_callbacks, route, send_reply):
    from django.core import mail

    today(date(2026, 10, 20))
    ReleaseFile(received, office).execute(
        upload=SimpleUploadedFile("校验结果（公开部分）.pdf", b"%PDF-1.4\n%%EOF\n"))
    route(received)
    with pytest.raises(Exception, match="说明不予公开部分的理由"):
        DraftReply(received, office).execute(reply_type="partly_disclosed")
    send_reply(received, "partly_disclosed", "其中涉及个人隐私的内容已作区分处理，不予公开。")
    received.refresh_from_db()
    assert received.state == State.CLOSED and received.reply_type == "partly_disclosed"
    letter = received.letters.get(kind=Letter.Kind.REPLY)
    reader = PdfReader(BytesIO(letter.file.read()))
    text = "".join(page.extract_text() for page in reader.pages)
    text = text.replace("\n", "").replace("\x00", "")
    assert "政府信息公开申请答复书" in text
    assert "部分" in text and "区分处理" in text
    assert "六十日内" in text and "六个月内" in text  # the remedy notice
    fonts = [font for page in reader.pages
             for font in page["/Resources"]["/Font"].values()]
    descriptor = fonts[0].get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
    assert any(key in descriptor for key in ("/FontFile2", "/FontFile3"))  # embedded
    reply_mail = [message for message in mail.outbox if "答复书" in message.subject][0]
    assert reply_mail.attachments[0][2] == "application/pdf"


def test_released_files_are_private_and_delivered_by_an_expiring_signed_link(
        client, office, received, settings, today, send_reply):
    from applications.links import file_link

    today(date(2026, 10, 20))
    released = ReleaseFile(received, office).execute(
        upload=SimpleUploadedFile("名单.pdf", b"%PDF-1.4\n%%EOF\n"))
    assert released.file.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    link = file_link(released)
    assert client.get(link).status_code == 404  # not before the reply is sent
    send_reply(received, "disclosed")
    response = client.get(link)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert client.get(link[:-3] + "abc/").status_code == 404
    settings.APPLICATION_LINK_MAX_AGE = -1
    assert client.get(link).status_code == 404


def test_paper_application_entered_by_staff_with_its_own_receipt_date_article_31(
        client, office, form_data, today):
    today(date(2026, 10, 9))
    client.force_login(office)
    data = {key: value for key, value in form_data.items() if key not in ("consent", "website")}
    data.update(channel="post", received_on="2026-10-08")
    response = client.post(reverse("disclosure_applications:add"), data)
    assert response.status_code == 302, response.context["form"].errors
    application = DisclosureApplication.objects.get()
    assert application.channel == "post" and application.received_on == date(2026, 10, 8)
    assert application.state == State.IN_PROGRESS
    assert application.due_on == date(2026, 11, 4)
    assert application.events.get().kind == "registered"
    html = client.get(response["Location"]).content.decode()
    assert "查询码只显示这一次" in html


def test_handlers_cannot_register_paper_applications_or_see_statistics(client, handler):
    client.force_login(handler)
    for name in ("add", "statistics"):  # Wagtail turns PermissionDenied into a redirect home
        response = client.get(reverse(f"disclosure_applications:{name}"))
        assert response.status_code == 302 and response["Location"] == "/admin/"


def test_list_filters_by_state_and_shows_overdue_in_red(client, office, received, today):
    today(date(2026, 11, 4))
    client.force_login(office)
    response = client.get(reverse("disclosure_applications:index"), {"state": "in_progress"})
    html = response.content.decode()
    assert received.tracking_number in html and "application-due--overdue" in html
    response = client.get(reverse("disclosure_applications:index"), {"state": "closed"})
    assert received.tracking_number not in response.content.decode()


def test_admin_url_finder_points_at_the_detail_page(office, received):
    from wagtail.admin.admin_url_finder import AdminURLFinder

    assert AdminURLFinder(office).get_edit_url(received) == detail(received)


def test_the_request_reads_as_paragraphs_and_its_markup_stays_text(client, office,
                                                                   make_application):
    application = make_application(submitted_on=date(2026, 9, 29))
    # The public form refuses markup; a row from elsewhere (an import, an old system) may not.
    DisclosureApplication.objects.filter(pk=application.pk).update(
        information_description="第一段：2025年校验结果。\n\n第二段 <script>alert(1)</script>")
    client.force_login(office)
    html = client.get(detail(application)).content.decode()
    assert "<p>第一段：2025年校验结果。</p>" in html
    assert "&lt;p&gt;" not in html
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
