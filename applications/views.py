"""Public views: the form, the printable confirmation, the tracking page and file delivery.

Personal data never reaches error reports (sensitive_post_parameters / sensitive_variables).
The tracking page answers a wrong number and a wrong code with the same words after the same
work (a password check either way), and throttles guesses per address and per number.
"""

from django.core import signing
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables

from clientaddress import client_address
from publicforms import ratelimit
from serials.tracking import normalise_tracking_number

from .clock import describe_for_applicant, reply_clock
from .conf import THROTTLE_NAMESPACE, setting
from .forms import ApplicationForm, TrackingForm
from .links import file_link, resolve_file_link
from .models import (
    TRACKING_NUMBERS,
    DisclosureApplication,
    Letter,
    ReleasedFile,
    State,
)
from .services import AlreadySubmitted, SubmissionRefused, submit_online

SESSION_RECEIPT = "applications_receipt"
RECEIPT_SECONDS = 3600  # the confirmation (with the query code) can be reopened for an hour
# Checked when a tracking number does not exist, so both answers cost the same work.
_DUMMY_HASH = "hmac-sha256$0000000000000000$" + "0" * 64


@never_cache
@sensitive_post_parameters()
@sensitive_variables("form", "application", "code")
def application_form(request, page):
    form = ApplicationForm()
    if request.method == "POST":
        form = ApplicationForm(request.POST, request.FILES)
        if form.is_valid():
            tracking_url = request.build_absolute_uri(page.url + page.reverse_subpage("tracking"))
            try:
                application, code = submit_online(form, client_address(request),
                                                  tracking_url)
            except SubmissionRefused as refusal:
                form.add_error(None, str(refusal))
            except AlreadySubmitted:
                # The first request of a double-click holds the receipt in the session.
                return redirect(page.url + page.reverse_subpage("confirmation"))
            else:
                request.session[SESSION_RECEIPT] = {
                    "number": application.tracking_number, "code": code,
                    "at": timezone.now().timestamp()}
                return redirect(page.url + page.reverse_subpage("confirmation"))
    context = page.get_context(request)
    context.update(form=form)
    return TemplateResponse(request, "applications/application_page.html", context,
                            status=400 if form.errors else 200)


@never_cache
def confirmation(request, page):
    receipt = request.session.get(SESSION_RECEIPT)
    if not receipt or timezone.now().timestamp() - receipt["at"] > RECEIPT_SECONDS:
        request.session.pop(SESSION_RECEIPT, None)
        return redirect(page.url)
    application = DisclosureApplication.objects.filter(tracking_number=receipt["number"]).first()
    if application is None:
        return redirect(page.url)
    context = page.get_context(request)
    context.update(application=application, query_code=receipt["code"],
                   tracking_url=page.url + page.reverse_subpage("tracking"),
                   clock_lines=describe_for_applicant(application))
    return TemplateResponse(request, "applications/confirmation.html", context)


@never_cache
@sensitive_post_parameters()
@sensitive_variables("form", "code")
def tracking(request, page):
    form = TrackingForm()
    context = page.get_context(request)
    if request.method == "POST":
        form = TrackingForm(request.POST)
        if form.is_valid():
            application, error = find_application(
                request, form.cleaned_data["tracking_number"], form.cleaned_data["query_code"])
            if application is None:
                form.add_error(None, error)
            else:
                context.update(tracking_result(application))
                form = TrackingForm()
    context.update(form=form)
    return TemplateResponse(request, "applications/tracking.html", context,
                            status=200 if not form.errors else 400)


WRONG_ANSWER = "受理编号或查询码不正确，请核对后重试。"
TOO_MANY = "尝试次数过多，请一小时后再试。"


@sensitive_variables("code")
def find_application(request, number: str, code: str):
    """(application, None) for a right number and code, else (None, message).

    The message never says whether the number exists; guesses count per address and per
    number from that address whether or not it exists, so nobody else's guesses lock the
    applicant out of their own application.
    """
    address = client_address(request)
    number = normalise_tracking_number(number)
    by_address = setting("APPLICATION_TRACKING_ATTEMPTS_PER_ADDRESS")
    by_number = setting("APPLICATION_TRACKING_ATTEMPTS_PER_NUMBER")
    number_here = ratelimit.tracking_key(number, address)
    if ratelimit.exceeded(THROTTLE_NAMESPACE, "track-address", address, by_address) or \
            ratelimit.exceeded(THROTTLE_NAMESPACE, "track-number", number_here, by_number):
        return None, _(TOO_MANY)
    application = DisclosureApplication.objects.filter(
        tracking_number=number, anonymised_at__isnull=True).first()
    if application is not None and application.check_query_code(code):
        return application, None
    if application is None:
        TRACKING_NUMBERS.check_query_code(code, _DUMMY_HASH)
    ratelimit.hit(THROTTLE_NAMESPACE, "track-address", address, by_address)
    ratelimit.hit(THROTTLE_NAMESPACE, "track-number", number_here, by_number)
    return None, _(WRONG_ANSWER)


def tracking_result(application) -> dict:
    """What the applicant sees: state, dates, the clock in words, letters and released files."""
    letters = [{"letter": letter, "url": file_link(letter)}
               for letter in application.letters.all()]
    files = []
    if application.state == State.CLOSED:
        files = [{"file": released, "url": file_link(released)}
                 for released in application.released_files.all()]
    return {"application": application, "clock": reply_clock(application),
            "clock_lines": describe_for_applicant(application), "letters": letters,
            "files": files}


@never_cache
def private_file(request, token: str):
    """Deliver a released file or a letter through an expiring signed link."""
    try:
        obj = resolve_file_link(token)
    except signing.SignatureExpired:
        raise Http404(_("下载链接已过期，请重新查询获取新的链接。")) from None
    except signing.BadSignature:
        raise Http404(_("下载链接无效。")) from None
    if isinstance(obj, ReleasedFile):
        if obj.application.state != State.CLOSED:
            raise Http404(_("下载链接无效。"))
        filename = obj.name
    else:
        filename = f"{obj.application.tracking_number}-{Letter.Kind(obj.kind).label}.pdf"
    response = FileResponse(obj.file.open("rb"), as_attachment=True, filename=filename)
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
