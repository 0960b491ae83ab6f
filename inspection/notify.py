"""The daily inspection email (issue 20): the summary to the disclosure office, and to each
department its own findings, each with the admin link to the page to fix.

- The office: every user who may see the inspection (the permission `view_inspection`, which
  the 政务公开办公室 role carries), through a group or directly. It gets every rule's status and
  every finding, warnings included.
- A department: the members of its group, for the findings on pages inside the sections it owns
  (departments.DepartmentSection, the same owner the dashboard shows). A department with no
  finding gets nothing.
- Nothing is sent when every rule is green.

The emails go through the site's mail outbox (outbox.mail.queue). Sent once a day: run twice
on one day, a person who already has that day's email does not get a second one.
"""

from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from outbox import mail
from outbox.models import Message as Email

from .rules import GREEN, WATCH

SUBJECT_PREFIX = "【网站检查】"
STATUS = {"red": "红", "yellow": "黄", "green": "绿"}


def send_inspection_email(inspection) -> dict:
    """Queue the day's emails of `inspection`; return {username: number of findings listed}."""
    if all(result.status == GREEN for result in inspection.results):
        return {}
    page_ids = {finding.page_id for result in inspection.results for finding in result.findings
                if finding.page_id}
    owner = owning_departments(page_ids)
    per_department = defaultdict(list)
    for result in inspection.results:
        for finding in result.findings:
            department = owner.get(finding.page_id)
            if department is not None and finding.severity != WATCH:
                per_department[department].append((result, finding))
    sent = {}
    everything = [(result, finding) for result in inspection.results
                  for finding in result.findings]
    for user in office_users():
        if _send(user, inspection.day, office_subject(inspection),
                 office_body(inspection)):
            sent[user.get_username()] = len(everything)
    for department, findings in sorted(per_department.items(), key=lambda item: item[0].pk):
        if department.group_id is None:
            continue
        subject = SUBJECT_PREFIX + _("%(day)s %(department)s：%(count)s个问题待整改") % {
            "day": inspection.day.isoformat(), "department": department.name,
            "count": len(findings)}
        body = department_body(inspection, department, findings)
        members = (get_user_model().objects.filter(is_active=True, groups=department.group_id)
                   .exclude(email="").order_by("pk"))
        for user in members:
            if _send(user, inspection.day, subject, body):
                sent[user.get_username()] = sent.get(user.get_username(), 0) + len(findings)
    return sent


def owning_departments(page_ids) -> dict:
    """{page id: the department owning the section it is in (its nearest DepartmentSection
    above or at the page), or None}."""
    from wagtail.models import Page

    from departments.models import DepartmentSection

    pages = dict(Page.objects.filter(pk__in=page_ids).values_list("pk", "path"))
    sections = sorted(((section.page.path, section.department) for section in
                       DepartmentSection.objects.select_related("page", "department")),
                      key=lambda item: -len(item[0]))
    return {pk: next((department for prefix, department in sections if path.startswith(prefix)),
                     None) for pk, path in pages.items()}


def problems_per_department(inspection) -> dict:
    """{department name: number of problems (warnings aside) on the pages it owns}; the
    findings on no department's pages count under "" (未划归科室)."""
    page_ids = {finding.page_id for finding in inspection.problems if finding.page_id}
    owner = owning_departments(page_ids)
    counts = defaultdict(int)
    for finding in inspection.problems:
        department = owner.get(finding.page_id)
        counts[department.name if department else ""] += 1
    return dict(counts)


def office_users():
    permission = Permission.objects.get(content_type__app_label="inspection",
                                        codename="view_inspection")
    return (get_user_model().objects.filter(is_active=True)
            .filter(Q(groups__permissions=permission) | Q(user_permissions=permission))
            .exclude(email="").distinct().order_by("pk"))


def office_subject(inspection) -> str:
    state = _("触发单项否决") if inspection.veto else _("未触发单项否决")
    return SUBJECT_PREFIX + _("%(day)s：%(state)s，%(count)s个问题") % {
        "day": inspection.day.isoformat(), "state": state, "count": len(inspection.problems)}


def office_body(inspection) -> str:
    parts = [_("截至 %(day)s 的网站检查结果（政府网站与政务新媒体检查指标，国办秘函〔2019〕19号）：") % {
        "day": inspection.day.isoformat()}]
    for result in inspection.results:
        lines = [_("【%(status)s】%(label)s：%(summary)s") % {
            "status": STATUS[result.status], "label": result.label, "summary": result.summary}]
        lines += [_line(result, finding) for finding in result.findings]
        if result.note:
            lines.append(f"  （{result.note}）")
        parts.append("\n".join(lines))
    parts.append(_("检查看板：%(url)s") % {"url": _absolute(reverse("inspection_dashboard"))})
    parts.append(_("本邮件由系统每日自动发送；全部指标为绿色时不发送。"))
    return "\n\n".join(parts) + "\n"


def department_body(inspection, department, findings) -> str:
    parts = [_("%(department)s：截至 %(day)s，网站检查发现贵科室负责的栏目和页面有以下问题，请及时整改：") % {
        "department": department.name, "day": inspection.day.isoformat()}]
    parts.append("\n".join(_line(result, finding) for result, finding in findings))
    parts.append(_("本邮件只列出贵科室负责的栏目和页面；全站情况由政务公开办公室掌握。"))
    return "\n\n".join(parts) + "\n"


def _line(result, finding) -> str:
    mark = {"veto": "✗", "watch": "!"}.get(finding.severity, "-")
    link = finding_url(result, finding)
    return f"  {mark} {finding.message}" + (f"\n    {_absolute(link)}" if link else "")


def finding_url(result, finding) -> str:
    """The admin page where `finding` is fixed: the page's edit view, or the message."""
    if finding.page_id:
        return reverse("wagtailadmin_pages:edit", args=[finding.page_id])
    if result.key == "messages" and finding.detail:
        return reverse("interaction_messages:detail", args=[int(finding.detail)])
    return ""


def _absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _send(user, day, subject, body) -> bool:
    user_type = ContentType.objects.get_for_model(get_user_model())
    if Email.objects.filter(about_type=user_type, about_id=user.pk,
                            subject__startswith=f"{SUBJECT_PREFIX}{day.isoformat()}").exists():
        return False
    with transaction.atomic():
        mail.queue(user.email, subject, body, about=user)
    return True
