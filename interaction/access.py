"""Who sees and handles which message, and who sees who wrote it.

- The disclosure office (政务公开办公室) and superusers see every message and triage them.
- The discipline role (纪检监察) sees every message (it follows how complaints are handled,
  平顶山市卫生健康委员会民生监督大数据平台管理使用办法 第五条（六）), answers the escalated ones and
  records their transfer to the level above.
- A department's people see the messages assigned to their department, never who wrote them.
- Who wrote (name, phone, email, attachment) is seen by the office and the discipline role
  only, and never by anyone working in the department complained about, whatever their role
  (whistle-blower protection: 纪检监察机关处理检举控告工作规则 第四十七条 — the complainant's name,
  unit and address are kept secret, the complaint and the complainant's details are never
  passed to or told to the organisation or person complained about, and a complaint is checked
  without revealing who made it). The handling department sees what was written, never who
  wrote it, because the complaint it answers first is the one that escalates to the
  discipline body (湖南省“互联网+监督”平台运行维护和使用管理办法 第二十三条).
"""

from departments.roles import (
    DEPARTMENT_REVIEWER,
    DISCIPLINE_INSPECTION,
    DISCLOSURE_OFFICE,
    departments_of,
    has_role,
)

from .models import PublicMessage, Stage


def is_office(user) -> bool:
    return bool(user and user.is_active and (user.is_superuser
                                             or has_role(user, DISCLOSURE_OFFICE)))


def is_discipline(user) -> bool:
    return bool(user and user.is_active and has_role(user, DISCIPLINE_INSPECTION))


def visible_messages(user):
    """The messages a staff user may open at all."""
    if is_office(user) or is_discipline(user):
        return PublicMessage.objects.all()
    if user and user.is_active:
        return PublicMessage.objects.filter(department__in=departments_of(user))
    return PublicMessage.objects.none()


def works_in(user, department) -> bool:
    return department is not None and departments_of(user).filter(pk=department.pk).exists()


def can_see_identity(user, message) -> bool:
    """The office and the discipline role, unless they work in the department complained about
    (纪检监察机关处理检举控告工作规则 第四十七条（二）)."""
    if not (is_office(user) or is_discipline(user)):
        return False
    return not works_in(user, message.complained_department)


def can_draft_reply(user, message) -> bool:
    """Stage 1: anyone working in the assigned department; stage 2: the discipline role."""
    if message.stage == Stage.DEPARTMENT:
        return bool(user and user.is_active) and works_in(user, message.department)
    if message.stage == Stage.DISCIPLINE:
        return is_discipline(user)
    return False


def can_approve_reply(user, reply) -> bool:
    """A department's answer is approved by its head (科室负责人), the discipline body's by
    another person of the discipline role; never by whoever drafted it (the second person's
    check, as for the department, 平顶山市卫生健康委员会民生监督大数据平台管理使用办法 第十一条)."""
    if not (user and user.is_active) or reply.drafted_by_id == user.pk:
        return False
    if reply.stage == Stage.DEPARTMENT:
        return has_role(user, DEPARTMENT_REVIEWER) and works_in(user, reply.department)
    if reply.stage == Stage.DISCIPLINE:
        return is_discipline(user)
    return False
