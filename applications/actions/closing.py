"""Ending an application in one leaf of the reply tree, with its reply letter to the applicant.

Every reply letter carries the remedy notice (条例 第五十一条); see applications.letters.
"""

from workdays.local_time import local_today

from ..letters import make_letter, reply_paragraphs
from ..models import Letter, State
from ..notifications import queue_email
from ..replies import REPLY_TYPES


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
