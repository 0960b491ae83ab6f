"""Taking a message in: stored in one transaction with its number, deadlines and first event;
its emails are queued in the same transaction and sent afterwards (outbox)."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from outbox import mail
from publicforms import ratelimit
from workdays.local_time import local_date

from . import deadlines
from .conf import setting
from .models import MessageEvent, PublicMessage, State
from .signals import message_changed

NAMESPACE = "interaction"


class SubmissionRefused(Exception):
    """Over the rate limits; the message is for the writer."""


class AlreadySubmitted(Exception):
    """The same form was submitted before (a double-click): its message stands."""

    def __init__(self, message):
        super().__init__(message.tracking_number)
        self.message = message


@sensitive_variables("form", "code", "message")
def submit_online(form, address: str):
    """Store a valid public form as a new message; return (message, query code)."""
    phone = form.cleaned_data.get("phone") or ""
    token = form.cleaned_data.get("submission_token")
    _refuse_repeated(token)
    by_address = setting("INTERACTION_RATE_LIMIT_PER_ADDRESS")
    by_phone = setting("INTERACTION_RATE_LIMIT_PER_PHONE")
    if ratelimit.exceeded(NAMESPACE, "submit-address", address, by_address) or \
            ratelimit.exceeded(NAMESPACE, "submit-phone", phone, by_phone):
        raise SubmissionRefused(_("提交过于频繁，请稍后再试；如有急事，请拨打本机关公开的咨询电话。"))
    try:
        with transaction.atomic():
            message = form.save(commit=False)
            message.submission_token = token
            message.state = State.SUBMITTED
            message.submitted_at = timezone.now()
            message.received_on = local_date(message.submitted_at)
            code = message.assign_tracking_number()
            deadlines.refresh(message)
            message.save()
            MessageEvent.objects.create(message=message, kind="submitted",
                                        data={"channel": message.channel.name})
            message_changed.send(sender=PublicMessage, message=message, publication=False)
            if message.email:
                mail.queue(message.email, _("已收到您的留言 %(number)s") % {
                    "number": message.tracking_number},
                    _("我们已收到您的留言，编号 %(number)s。请凭编号和提交时显示的查询码在网站"
                      "“互动交流”栏目查询办理进度。") % {"number": message.tracking_number},
                    about=message)
    except IntegrityError:
        _refuse_repeated(token)
        raise
    ratelimit.hit(NAMESPACE, "submit-address", address, by_address)
    ratelimit.hit(NAMESPACE, "submit-phone", phone, by_phone)
    return message, code


def _refuse_repeated(token):
    earlier = PublicMessage.objects.filter(submission_token=token).first() if token else None
    if earlier is not None:
        raise AlreadySubmitted(earlier)
