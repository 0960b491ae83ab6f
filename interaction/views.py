"""Public views of the 互动交流 column: published answers (list with search and filters, one
page each), the form, the confirmation, and the tracking page with the writer's feedback.

Personal data never reaches error reports (sensitive_post_parameters / sensitive_variables).
The tracking page answers a wrong number and a wrong code with the same words after the same
work, and throttles guesses per address and per number.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables

from clientaddress import client_address
from departments.models import Department
from publicforms import ratelimit
from serials.tracking import normalise_tracking_number

from .actions import Feedback
from .conf import setting
from .forms import FeedbackForm, MessageForm, TrackingForm, public_page
from .models import TRACKING_NUMBERS, Channel, PublicMessage, Reply, State
from .services import NAMESPACE, AlreadySubmitted, SubmissionRefused, submit_online

SESSION_RECEIPT = "interaction_receipt"
RECEIPT_SECONDS = 3600
_DUMMY_HASH = "hmac-sha256$0000000000000000$" + "0" * 64
WRONG_ANSWER = "留言编号或查询码不正确，请核对后重试。"
TOO_MANY = "尝试次数过多，请一小时后再试。"
PER_PAGE = 20


def published_messages():
    """Messages whose answers are public, each with its masked, approved replies."""
    replies = Reply.objects.exclude(approved_at=None).select_related("department")
    return (PublicMessage.objects.exclude(published_at=None)
            .select_related("channel", "department")
            .prefetch_related(Prefetch("replies", queryset=replies, to_attr="public_replies")))


def listing(request, page):
    """Published questions and answers: search words, channel, department, year."""
    messages = published_messages()
    query = request.GET.get("q", "").strip()[:50]
    if query:
        messages = messages.filter(Q(title__icontains=query)
                                   | Q(published_question__icontains=query)
                                   | Q(replies__published_text__icontains=query)).distinct()
    channel = _choice(request, "channel", Channel.objects.filter(is_active=True))
    if channel:
        messages = messages.filter(channel=channel)
    department = _choice(request, "department", Department.objects.all())
    if department:
        messages = messages.filter(replies__department=department).distinct()
    years = sorted({day.year for day in PublicMessage.objects.exclude(published_at=None)
                    .dates("received_on", "year")}, reverse=True)
    year = request.GET.get("year", "")
    if year.isdigit() and int(year) in years:
        messages = messages.filter(received_on__year=int(year))
    paginator = Paginator(messages.order_by("-published_at", "-pk"), PER_PAGE)
    page_number = request.GET.get("page", "1")
    results = paginator.get_page(page_number if page_number.isdigit() else 1)
    context = page.get_context(request)
    context.update(results=results, query=query, channel=channel, department=department,
                   year=year, years=years, channels=Channel.objects.filter(is_active=True),
                   departments=Department.objects.filter(
                       pk__in=Reply.objects.exclude(published_text="")
                       .values("department")).order_by("name"))
    return TemplateResponse(request, "interaction/listing.html", context)


def _choice(request, name, queryset):
    value = request.GET.get(name, "")
    return queryset.filter(pk=int(value)).first() \
        if value.isdigit() and len(value) <= 9 else None


def published(request, page, number):
    message = published_messages().filter(tracking_number=number).first()
    if message is None:
        raise Http404(_("该留言未公开或不存在。"))
    context = page.get_context(request)
    context.update(message=message, replies=message.public_replies)
    return TemplateResponse(request, "interaction/published.html", context)


@never_cache
@sensitive_post_parameters()
@sensitive_variables("form", "message", "code")
def write(request, page):
    form = MessageForm(initial=_initial_from_link(request))
    if request.method == "POST":
        form = MessageForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                message, code = submit_online(form, client_address(request))
            except SubmissionRefused as refusal:
                form.add_error(None, str(refusal))
            except AlreadySubmitted:
                return redirect(page.url + page.reverse_subpage("submitted"))
            else:
                request.session[SESSION_RECEIPT] = {
                    "number": message.tracking_number, "code": code,
                    "at": timezone.now().timestamp()}
                return redirect(page.url + page.reverse_subpage("submitted"))
    context = page.get_context(request)
    about = public_page(form["about_page"].value())
    context.update(form=form, about=about, channels=Channel.objects.filter(is_active=True)
                   .prefetch_related("subjects"))
    return TemplateResponse(request, "interaction/write.html", context,
                            status=400 if form.errors else 200)


def _initial_from_link(request) -> dict:
    """What a link to the form may choose beforehand (a fund page's 投诉举报 link): the page it
    is about, the channel and the subject, each only if it exists (anything else is ignored)."""
    initial = {}
    about = public_page(request.GET.get("about"))
    if about is not None:
        initial["about_page"] = about.pk
    channel = _choice(request, "channel", Channel.objects.filter(is_active=True))
    if channel is not None:
        initial["channel"] = channel.pk
        subject = _choice(request, "subject", channel.subjects.all())
        if subject is not None:
            initial["subject"] = subject.pk
    return initial


@never_cache
def submitted(request, page):
    receipt = request.session.get(SESSION_RECEIPT)
    if not receipt or timezone.now().timestamp() - receipt["at"] > RECEIPT_SECONDS:
        request.session.pop(SESSION_RECEIPT, None)
        return redirect(page.url + page.reverse_subpage("write"))
    message = PublicMessage.objects.filter(tracking_number=receipt["number"]).first()
    if message is None:
        return redirect(page.url + page.reverse_subpage("write"))
    context = page.get_context(request)
    context.update(message=message, query_code=receipt["code"])
    return TemplateResponse(request, "interaction/submitted.html", context)


@never_cache
@sensitive_post_parameters()
@sensitive_variables("form", "code")
def tracking(request, page):
    """POST the number and code to see the message; with `satisfied` it is also the feedback."""
    form = TrackingForm()
    context = page.get_context(request)
    status = 200
    if request.method == "POST":
        form = TrackingForm(request.POST)
        if form.is_valid():
            message, error = find_message(request, form.cleaned_data["tracking_number"],
                                          form.cleaned_data["query_code"])
            if message is None:
                form.add_error(None, error)
            else:
                if "satisfied" in request.POST or "text" in request.POST:
                    context.update(give_feedback(message, request.POST))
                    message.refresh_from_db()
                context.update(tracking_result(page, message, form.cleaned_data))
                form = TrackingForm()
        if form.errors:
            status = 400
    context.update(form=form)
    return TemplateResponse(request, "interaction/tracking.html", context, status=status)


def give_feedback(message, data) -> dict:
    """The writer's satisfied / not satisfied, through interaction.actions.Feedback."""
    feedback = FeedbackForm(data)
    if not feedback.is_valid():
        errors = [error for name in ("satisfied", "text") for error in feedback.errors.get(name, [])]
        return {"feedback_error": " ".join(errors) or _("请选择满意或不满意。")}
    try:
        Feedback(message, None, satisfied=feedback.cleaned_data["satisfied"],
                 text=feedback.cleaned_data["text"]).execute()
    except (ValidationError, PermissionDenied) as refusal:
        return {"feedback_error": " ".join(getattr(refusal, "messages", [str(refusal)]))}
    return {"feedback_done": True}


@sensitive_variables("code")
def find_message(request, number: str, code: str):
    """(message, None) for a right number and code, else (None, the same words either way)."""
    address = client_address(request)
    number = normalise_tracking_number(number)
    by_address = setting("INTERACTION_TRACKING_ATTEMPTS_PER_ADDRESS")
    by_number = setting("INTERACTION_TRACKING_ATTEMPTS_PER_NUMBER")
    # Guesses at a number count per (number, address): a stranger's wrong guesses cost only the
    # stranger and never lock the writer, who holds the code, out of their own message.
    number_here = ratelimit.tracking_key(number, address)
    if ratelimit.exceeded(NAMESPACE, "track-address", address, by_address) or \
            ratelimit.exceeded(NAMESPACE, "track-number", number_here, by_number):
        return None, _(TOO_MANY)
    message = PublicMessage.objects.filter(tracking_number=number).select_related(
        "channel", "subject").first()
    if message is not None and message.check_query_code(code):
        return message, None
    if message is None:
        TRACKING_NUMBERS.check_query_code(code, _DUMMY_HASH)
    ratelimit.hit(NAMESPACE, "track-address", address, by_address)
    ratelimit.hit(NAMESPACE, "track-number", number_here, by_number)
    return None, _(WRONG_ANSWER)


def tracking_result(page, message, credentials) -> dict:
    """What the writer sees, in plain words: state, deadlines, every answer, what they can do."""
    replies = list(message.approved_replies().select_related("department"))
    lines = []
    if message.state == State.SUBMITTED:
        lines.append(_("我们将在 %(day)s 前决定是否受理。") % {"day": _day(message.accept_due_on)})
    elif message.state == State.ACCEPTED:
        if message.stage == 3:
            lines.append(_("您对纪检监察的答复仍不满意，本投诉将转交上级纪检监察机关办理。"))
        else:
            lines.append(_("正在由%(who)s办理，将在 %(day)s 前答复您%(extended)s。") % {
                "who": message.get_stage_display(), "day": _day(message.reply_due_on),
                "extended": _("（已依规延期一次）") if message.extended else ""})
    elif message.state == State.REPLIED and message.feedback_due_on:
        lines.append(_("请在 %(day)s 前告诉我们您是否满意；逾期视为满意。") % {
            "day": _day(message.feedback_due_on)})
    elif message.state == State.TRANSFERRED_OUT:
        lines.append(_("已于 %(day)s 转交%(body)s办理，请向该机关了解后续情况。") % {
            "day": _day(message.transferred_on), "body": message.transfer_body})
    application_url = page.application_page.url if page.application_page_id else ""
    return {"message": message, "replies": replies, "lines": lines,
            "application_url": application_url,
            "can_give_feedback": message.state == State.REPLIED,
            "credentials": credentials}


def _day(value) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else "—"
