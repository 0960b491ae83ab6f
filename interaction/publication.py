"""What of a message may be published: its question and answers after the confidentiality
check (保密审查, confidentiality.scanner), every personal datum masked (条例 第十五条).

The writer's own name, phone and email are masked wherever they appear in the text, even where
the scanner alone would not see a name; each finding with a suggested mask (phone, ID number,
address, name beside a diagnosis, …) is replaced by it. A finding with no mask (a
classification mark, a sensitive term, process information) blocks publication: the office
must not publish it, and says so in the message's trail.
"""

from django.utils.translation import gettext as _

from confidentiality.scanner import scan_text
from personaldata.masking import mask_email, mask_mobile, mask_name


class PublicationBlocked(Exception):
    """The text holds something that cannot be masked; the message says what, in Chinese."""


def masked_for_publication(message):
    """(question, [(reply, answer)], how many things were masked) or PublicationBlocked."""
    count = 0
    question, masked = mask_text(message, message.content)
    count += masked
    answers = []
    for reply in message.approved_replies():
        text, masked = mask_text(message, reply.text)
        answers.append((reply, text))
        count += masked
    return question, answers, count


def mask_text(message, text: str) -> tuple[str, int]:
    count = 0
    for value, mask in _own_identity(message):
        if value and value in text:
            count += text.count(value)
            text = text.replace(value, mask)
    report = scan_text(text)
    unmaskable = [finding for finding in report.findings
                  if finding.is_blocking and not finding.suggestion]
    if unmaskable:
        raise PublicationBlocked(_("保密审查未通过：含有%(kinds)s，不能公开。") % {
            "kinds": "、".join(sorted({finding.kind_label for finding in unmaskable}))})
    for finding in sorted(report.findings, key=lambda f: -len(f.text)):
        if finding.suggestion and finding.text in text:
            count += text.count(finding.text)
            text = text.replace(finding.text, finding.suggestion)
    return text, count


def _own_identity(message):
    pairs = []
    if message.name and len(message.name) >= 2:
        pairs.append((message.name, mask_name(message.name)))
    if message.phone:
        pairs.append((message.phone, mask_mobile(message.phone)))
    if message.email:
        pairs.append((message.email, mask_email(message.email)))
    return pairs
