"""Ending an application: one leaf of the reply tree with its reply letter to the applicant,
then its archiving (归档), the last step of the handbook's flow (corpus 004 依申请政务公开流程图:
… → 答复申请人 → 归档).

Every reply letter carries the remedy notice (条例 第五十一条); see applications.letters.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from serials.counters import take
from workdays.local_time import local_today

from .. import step_forms
from ..letters import make_letter, reply_paragraphs
from ..models import Letter, State
from ..notifications import queue_email
from ..replies import REPLY_TYPES
from .base import ActionError, ApplicationAction

ARCHIVE_COUNTER = "application_archive"


def close(application, reply_code: str, text: str = "", letter: Letter | None = None) -> Letter:
    """Close `application` in the leaf `reply_code` and queue the reply letter to the applicant
    (the given letter, or one made now)."""
    leaf = REPLY_TYPES[reply_code]
    application.state = State.CLOSED
    application.reply_type = reply_code
    application.reply_text = text
    application.closed_on = local_today()
    if letter is None:
        letter = make_letter(application, Letter.Kind.REPLY,
                             reply_paragraphs(application, reply_code, text), remedy=True)
    queue_email(application, "reply",
                {"reply": leaf, "files": application.released_files.exists()}, letter=letter)
    return letter


class Archive(ApplicationAction):
    """The office files a closed application (归档) under an archive number of the year (every
    closing made its reply letter); the number, who and when go into the audit trail. Nothing of it
    changes afterwards (every other step needs an open application); the retention period
    still applies."""

    code = "archive"
    form_class = step_forms.ArchiveForm
    label = gettext_lazy("归档")
    event_kind = "archived"
    states = (State.CLOSED,)
    office_only = True

    def check_state(self):
        app = self.application
        if app.archive_number:
            raise ActionError(_("此申请已于 %(day)s 归档，归档号 %(number)s。") % {
                "day": timezone.localtime(app.archived_at).date(), "number": app.archive_number})

    def apply(self):
        year = local_today().year
        number = f"{year}-YSQ-{take(ARCHIVE_COUNTER, str(year)):04d}"
        self.application.archive_number = number
        self.application.archived_at = timezone.now()
        return number, {"archive_number": number}
