"""Taking applications in: online submission and staff registration of paper applications.

The application is stored in one transaction before anything else happens; its emails are
stored with it and sent afterwards by a task (a mail outage never loses an application).
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from publicforms import ratelimit

from .clock import refresh_deadlines
from .conf import THROTTLE_NAMESPACE, setting
from .models import ApplicationEvent, Channel, DisclosureApplication, State
from .notifications import queue_email


class SubmissionRefused(Exception):
    """A submission over the rate limits; the message is for the applicant."""


class AlreadySubmitted(Exception):
    """The same form was submitted before (a double-click): its application stands."""

    def __init__(self, application):
        super().__init__(application.tracking_number)
        self.application = application


@sensitive_variables("form", "code", "application")
def submit_online(form, address: str, tracking_url: str = ""):
    """Store a valid public form as a new application; return (application, query code).

    The form's submission token makes a second submission of the same form (a double-click)
    raise AlreadySubmitted with the first application instead of creating another; the unique
    column decides between two requests arriving together.
    """
    identity = (form.cleaned_data.get("id_number") or form.cleaned_data.get("credit_code") or "")
    token = form.cleaned_data.get("submission_token")
    _refuse_repeated(token)
    by_address = setting("APPLICATION_RATE_LIMIT_PER_ADDRESS")
    by_identity = setting("APPLICATION_RATE_LIMIT_PER_IDENTITY")
    if ratelimit.exceeded(THROTTLE_NAMESPACE, "submit-address", address, by_address) or \
            ratelimit.exceeded(THROTTLE_NAMESPACE, "submit-identity", identity.upper(), by_identity):
        raise SubmissionRefused(_("提交过于频繁，请稍后再试；如有急需，请电话联系政务公开办公室。"))
    try:
        with transaction.atomic():
            application = form.save(commit=False)
            application.submission_token = token
            application.channel = Channel.ONLINE
            application.state = State.SUBMITTED
            application.submitted_at = application.consented_at = timezone.now()
            code = application.assign_tracking_number()
            application.save()
            ApplicationEvent.objects.create(application=application, kind="submitted")
            queue_email(application, "submitted", {"tracking_url": tracking_url})
    except IntegrityError:
        _refuse_repeated(token)
        raise
    ratelimit.hit(THROTTLE_NAMESPACE, "submit-address", address, by_address)
    ratelimit.hit(THROTTLE_NAMESPACE, "submit-identity", identity.upper(), by_identity)
    return application, code


def _refuse_repeated(token):
    earlier = DisclosureApplication.objects.filter(submission_token=token).first() if token \
        else None
    if earlier is not None:
        raise AlreadySubmitted(earlier)


@sensitive_variables("form", "code", "application")
def register_paper(form, user):
    """Store a paper, postal or fax application with the receipt date staff entered (第三十一条)."""
    with transaction.atomic():
        application = form.save(commit=False)
        application.channel = form.cleaned_data["channel"]
        application.received_on = application.clock_started_on = form.cleaned_data["received_on"]
        application.state = State.IN_PROGRESS
        code = application.assign_tracking_number()
        application.submitted_at = timezone.now()
        application.save()
        refresh_deadlines(application)
        application.save(update_fields=["due_on", "due_provisional"])
        ApplicationEvent.objects.create(
            application=application, kind="registered", by=user,
            data={"channel": application.channel,
                  "received_on": application.received_on.isoformat()})
        queue_email(application, "received", {})
    return application, code
