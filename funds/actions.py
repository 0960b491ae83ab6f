"""Every state change of a batch is one action on Wagtail's action base: `check()` for the
permission and the freeze, then `execute()`, which writes the audit log.

- ImportRows: store a checked file's rows (the fund's department, batch not frozen).
- JustifyFlag: write the justification of a cross-check flag (the fund's department).
- RequestCorrection: a correction of a frozen row with its reason (the fund's department);
  it is applied only when the batch page carrying it passes the workflow.
- SignOffBatch: the workflow approved the batch page: freeze its rows, apply its corrections.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.actions.base import BaseAction
from wagtail.log_actions import log

from departments.roles import DEPARTMENT_REVIEWER, EDITOR, departments_of, has_role
from funds.statistics import schedule_refresh


def may_enter_batch(user, fund) -> bool:
    """The fund's department (信息员, 科室负责人) enters its batches (000 第八、九条)."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    return ((has_role(user, EDITOR) or has_role(user, DEPARTMENT_REVIEWER))
            and departments_of(user).filter(pk=fund.department_id).exists())


class BatchAction(BaseAction):
    """A change made by the fund's department."""

    def user_has_permission(self):
        return may_enter_batch(self.user, self.batch.fund)

    @property
    def batch(self):
        return self.instance

    def check(self, skip_permission_checks=False):
        if self.user is not None and not skip_permission_checks and not self.user_has_permission():
            raise PermissionDenied(_("只有该资金的责任科室可以办理。"))


class ImportRows(BatchAction):
    action_name = "funds.import_rows"

    def __init__(self, batch, result, user=None, file_name="", progress=None):
        super().__init__(batch, user)
        self.result, self.file_name, self.progress = result, file_name, progress

    def check(self, skip_permission_checks=False):
        super().check(skip_permission_checks)
        reason = self.batch.freeze_reason()
        if reason:
            raise PermissionDenied(reason)

    def execute(self, skip_permission_checks=False):
        from funds.importer import store

        self.check(skip_permission_checks)
        with transaction.atomic():
            count = store(self.batch, self.result, self.user, progress=self.progress)
            self.batch.source_name = self.file_name[:200]
            self.batch.save(update_fields=["source_name"])
            log(instance=self.batch, action=self.action_name, user=self.user,
                data={"rows": count, "total": str(self.result.total), "file": self.file_name})
            schedule_refresh(self.batch.fund_id)
        return count


class JustifyFlag(BaseAction):
    action_name = "funds.justify_flag"

    def __init__(self, flag, justification, user=None):
        super().__init__(flag, user)
        self.justification = (justification or "").strip()

    def user_has_permission(self):
        return may_enter_batch(self.user, self.instance.payment.batch.fund)

    def check(self, skip_permission_checks=False):
        if self.user is not None and not skip_permission_checks and not self.user_has_permission():
            raise PermissionDenied(_("只有该资金的责任科室可以填写比对疑点的情况说明。"))
        if not self.justification:
            raise ValidationError(_("请填写情况说明。"))

    def execute(self, skip_permission_checks=False):
        self.check(skip_permission_checks)
        flag = self.instance
        flag.justification = self.justification
        flag.justified_by = self.user
        flag.justified_at = timezone.now()
        flag.save(update_fields=["justification", "justified_by", "justified_at"])
        log(instance=flag.payment.batch, action=self.action_name, user=self.user,
            data={"rule": flag.rule, "line": flag.payment.line})
        return flag


class RequestCorrection(BatchAction):
    """001 第十八条: a frozen row changes only through a correction with its reason."""

    action_name = "funds.request_correction"

    def __init__(self, batch, *, line, field, new_value, reason, user=None):
        super().__init__(batch, user)
        self.line, self.field = line, field
        self.new_value, self.reason = (new_value or "").strip(), (reason or "").strip()

    def check(self, skip_permission_checks=False):
        super().check(skip_permission_checks)
        errors = {}
        if not self.reason:
            errors["reason"] = _("更正须填写原因。")
        if self.field == "amount":
            try:
                if Decimal(self.new_value) <= 0:
                    raise InvalidOperation
            except InvalidOperation:
                errors["new_value"] = _("金额应为正数，最多两位小数。")
        elif not self.new_value:
            errors["new_value"] = _("请填写更正后的内容。")
        if not self.batch.payments.filter(line=self.line).exists():
            errors["line"] = _("本批次没有第 %(line)s 行。") % {"line": self.line}
        if errors:
            raise ValidationError(errors)

    def execute(self, skip_permission_checks=False):
        from funds.models import Correction

        self.check(skip_permission_checks)
        payment = self.batch.payments.get(line=self.line)
        correction = Correction.objects.create(
            batch=self.batch, payment=payment, field=self.field,
            old_value=str(getattr(payment, self.field)), new_value=self.new_value,
            reason=self.reason, requested_by=self.user)
        log(instance=self.batch, action=self.action_name, user=self.user,
            data={"line": self.line, "field": self.field, "reason": self.reason})
        return correction


class SignOffBatch(BaseAction):
    """The batch page passed review, 保密审查 and 签发: the rows are frozen from now on, and the
    corrections waiting for this approval are applied (their trace stays, 001 第二十条)."""

    action_name = "funds.sign_off_batch"

    def user_has_permission(self):
        return True  # the workflow's last task already decided who may approve

    def execute(self, skip_permission_checks=False):
        from funds.crosscheck import run_crosschecks
        from funds.models import Correction

        batch = self.instance
        with transaction.atomic():
            applied = 0
            for correction in batch.corrections.filter(state=Correction.PENDING).select_related(
                    "payment"):
                payment = correction.payment
                value = (Decimal(correction.new_value) if correction.field == "amount"
                         else correction.new_value)
                setattr(payment, correction.field, value)
                payment.save(update_fields=[correction.field])
                correction.state = Correction.APPLIED
                correction.applied_at = timezone.now()
                correction.save(update_fields=["state", "applied_at"])
                applied += 1
            if applied:
                batch.refresh_totals()
                run_crosschecks(batch)
            if batch.signed_off_at is None:
                batch.signed_off_at = timezone.now()
                batch.save(update_fields=["signed_off_at"])
            log(instance=batch, action=self.action_name, user=self.user,
                data={"corrections_applied": applied})
            # The published batches' rows may have changed: the stored statistics follow.
            schedule_refresh(batch.fund_id)
        return batch
