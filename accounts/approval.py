"""The unit head's approval of account changes in the site (corpus 001 第十三条: 账号的开设、变更和
注销须经单位负责人审定并留存记录).

The user forms (accounts.users) hold a change of roles, department or state as an
AccountChangeRequest; a 单位负责人 (accounts.approve_accountchangerequest) approves or declines it
on 设置 → 账号变更审定 with their own account. Only an approval applies it, and writes the
AccountChange with the approver. Nobody approves a change they proposed or one to their own
account; 三员分立 is checked again when the change is applied.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import AccountChange, AccountChangeRequest
from .separation import role_conflict

Status = AccountChangeRequest.Status


class ApprovalRefused(Exception):
    """Why this approval cannot be given; the message is shown as it is."""


def propose(proposer, account, kind: str, reason: str, proposal: dict) -> AccountChangeRequest:
    if kind == "修改" and proposal.get("is_active") is False:
        kind = "停用"
    elif kind == "修改" and proposal.get("is_active") is True:
        kind = "启用"
    change = AccountChangeRequest.objects.create(
        account=account, proposed_by=proposer, kind=kind, reason=reason,
        changes_groups="groups" in proposal, is_active=proposal.get("is_active"),
        is_superuser=proposal.get("is_superuser"))
    if "groups" in proposal:
        change.groups.set(proposal["groups"])
    return change


def describe(change: AccountChangeRequest) -> str:
    """What the change would set, in words."""
    parts = []
    if change.is_active is not None:
        parts.append(_("设为有效") if change.is_active else _("停用"))
    if change.is_superuser is not None:
        parts.append(_("设为超级用户") if change.is_superuser else _("取消超级用户"))
    if change.changes_groups:
        names = "、".join(group.name for group in change.groups.order_by("name")) or "—"
        parts.append(_("角色与科室：%(names)s") % {"names": names})
    return "；".join(parts)


def decide(change_pk: int, approver, *, approve: bool) -> AccountChangeRequest:
    """Approve (apply) or decline a pending change, once; raises ApprovalRefused with the
    reason when this person may not or the change no longer can."""
    from .users import account_state

    with transaction.atomic():
        change = (AccountChangeRequest.objects.select_for_update()
                  .filter(pk=change_pk).first())
        if change is None or change.status != Status.PENDING:
            raise ApprovalRefused(_("该账号变更已审定过或不存在。"))
        if approver.pk in (change.proposed_by_id, change.account_id):
            raise ApprovalRefused(_("不能审定自己提出的变更，也不能审定自己账号的变更。"))
        change.decided_by, change.decided_at = approver, timezone.now()
        if not approve:
            change.status = Status.REJECTED
            change.save(update_fields=["status", "decided_by", "decided_at"])
            return change
        account = change.account
        if change.changes_groups:
            groups = list(change.groups.all())
            problem = role_conflict(group.name for group in groups)
            if problem:
                raise ApprovalRefused(problem)
            account.groups.set(groups)
        changed = [name for name in ("is_active", "is_superuser")
                   if getattr(change, name) is not None
                   and getattr(account, name) != getattr(change, name)]
        for name in changed:
            setattr(account, name, getattr(change, name))
        if changed:
            account.save(update_fields=changed)
        AccountChange.objects.create(
            account=account, changed_by=change.proposed_by, kind=change.kind,
            approved_by=(approver.get_full_name() or approver.get_username())[:100],
            approver=approver, reason=change.reason, state=account_state(account))
        change.status = Status.APPROVED
        change.save(update_fields=["status", "decided_by", "decided_at"])
        return change
