"""The forms of the workflow's decisions (the modal Wagtail opens for "approve" and "request changes").

Each form knows the task state it decides: from the `task_state=` argument (when the task calls
it) or from its hidden `task_state` field (when Wagtail's modal view builds it from POST data),
so that the rules that depend on the page — its due date, its scanner findings, whether it was
published before — are checked where the user can still correct the input.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import TaskState

from confidentiality.models import FORBIDDEN_CATEGORIES
from workdays.local_time import local_date

from .workflow import due_date_of
from .workflow_models import ChangeNote

DATETIME_INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M",
                          "%Y-%m-%d %H:%M:%S"]


class TaskStateForm(forms.Form):
    """Base: resolves the in-progress task state the decision is about."""

    # Not "task_state": Wagtail passes cleaned_data to Task.on_action(task_state, ...) as kwargs.
    task_state_id = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, task_state=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._task_state = task_state

    @property
    def state(self):
        if self._task_state is None and self.is_bound:
            raw = self.data.get("task_state_id")
            try:
                self._task_state = TaskState.objects.filter(
                    pk=int(raw), status=TaskState.STATUS_IN_PROGRESS).first()
            except (TypeError, ValueError):
                self._task_state = None
        return self._task_state

    @property
    def page(self):
        return self.state.workflow_state.content_object.specific if self.state else None

    def clean(self):
        cleaned = super().clean()
        if self.state is None:
            raise forms.ValidationError(_("该审批环节已经结束或不存在，请刷新页面。"))
        cleaned["task_state_id"] = self.state.pk
        return cleaned


class RequestChangesForm(TaskStateForm):
    """退回修改: the comment goes back to the editor and shows on the edit page."""

    comment = forms.CharField(label=_("退回意见"), widget=forms.Textarea(attrs={"rows": 4}),
                              help_text=_("写明需要修改的内容，信息员将在编辑页面看到此意见。"))


class ApproveForm(TaskStateForm):
    comment = forms.CharField(label=_("意见"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))


class ReviewApproveForm(ApproveForm):
    """科室审核通过; for an item already published, the change is classified (major needs a note)."""

    change_kind = forms.ChoiceField(
        label=_("变更类型"), required=False, choices=[("", "—")] + ChangeNote.KIND_CHOICES,
        help_text=_("仅对已发布内容的修改：重要变更须填写公开的变更说明，细微更正不必。"))
    change_note = forms.CharField(label=_("变更说明（公开）"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        cleaned = super().clean()
        page = self.page
        if page is None or not (page.live_revision_id or page.first_published_at):
            return cleaned
        kind = cleaned.get("change_kind")
        if not kind:
            self.add_error("change_kind", _("该内容已经发布过，请选择变更类型。"))
        elif kind == ChangeNote.MAJOR and not (cleaned.get("change_note") or "").strip():
            self.add_error("change_note", _("重要变更须填写变更说明，说明将在该信息的修改记录中公开。"))
        cleaned["change_note"] = (cleaned.get("change_note") or "").strip()
        return cleaned


class ConfidentialityApproveForm(ApproveForm):
    """保密审查通过: every forbidden category ticked, the officer's signature, and a reason for each
    blocking finding let through (条例 第十四至十六条: the check is a gate)."""

    checklist = forms.MultipleChoiceField(
        label=_("逐项确认不含以下内容"), choices=FORBIDDEN_CATEGORIES,
        widget=forms.CheckboxSelectMultiple, required=False)
    signature = forms.CharField(label=_("审查人签名"), max_length=50,
                                help_text=_("请输入您的姓名。"))

    def clean(self):
        cleaned = super().clean()
        ticked = set(cleaned.get("checklist") or [])
        missing = [str(label) for key, label in FORBIDDEN_CATEGORIES if key not in ticked]
        if missing:
            self.add_error("checklist", _("请逐项确认全部 %(n)d 项，尚未确认：%(items)s")
                           % {"n": len(FORBIDDEN_CATEGORIES), "items": "；".join(missing)})
        cleaned["overrides"] = self._overrides()
        return cleaned

    def _overrides(self) -> dict[int, str]:
        if self.state is None:
            return {}
        review = getattr(self.state, "confidentiality_review", None)
        if review is None:
            raise forms.ValidationError(_("缺少自动扫描记录。"))
        given = {}
        # Decided in the modal, the cleaned data comes back through Wagtail's
        # workflow-action-extra-data as JSON: the reasons are then one dict under "overrides".
        raw = self.data.get("overrides")
        if isinstance(raw, dict):
            given.update({int(key): str(value) for key, value in raw.items()})
        for key in self.data:
            if str(key).startswith("override_"):
                try:
                    given[int(str(key)[len("override_"):])] = str(self.data.get(key) or "")
                except ValueError:
                    continue
        overrides, unresolved = {}, []
        for index, finding in review.unresolved_blocking():
            reason = given.get(index, "").strip()
            if len(reason) < 4:
                unresolved.append(f"{index + 1}.{finding.get('text', '')}")
            else:
                overrides[index] = reason
        if unresolved:
            raise forms.ValidationError(
                _("以下阻断项须先退回修改，或逐项填写放行理由（至少 4 个字）：%(items)s")
                % {"items": "；".join(unresolved)})
        return overrides


class SignOffForm(ApproveForm):
    """领导签发: publish now, or at a chosen time; after the due date only with a reason."""

    go_live_at = forms.DateTimeField(
        label=_("定时发布时间"), required=False, input_formats=DATETIME_INPUT_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("留空则签发后立即发布。"))
    late_reason = forms.CharField(
        label=_("逾期发布理由"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("发布时间晚于公开期限时必须填写（条例第二十六条）。"))

    def clean(self):
        cleaned = super().clean()
        page = self.page
        go_live_at = cleaned.get("go_live_at")
        if go_live_at and go_live_at < timezone.now() - timezone.timedelta(minutes=1):
            self.add_error("go_live_at", _("定时发布时间不能早于当前时间；立即发布请留空。"))
            return cleaned
        if page is None:
            return cleaned
        effective = go_live_at or self._revision_go_live_at() or timezone.now()
        problem = self._three_sync_problem(effective)
        if problem:
            self.add_error("go_live_at" if go_live_at else None, problem)
            return cleaned
        due_on, _provisional = due_date_of(page)
        cleaned["late_reason"] = (cleaned.get("late_reason") or "").strip()
        if due_on and local_date(effective) > due_on and not cleaned["late_reason"]:
            self.add_error("late_reason", _("发布时间（%(when)s）晚于公开期限 %(due)s，须填写逾期发布理由。")
                           % {"when": timezone.localtime(effective).strftime("%Y-%m-%d %H:%M"),
                              "due": due_on.isoformat()})
        return cleaned

    def _three_sync_problem(self, moment):
        """Why the page may not go live at `moment`, as the page itself says through
        `go_live_problem()` (e.g. 三同步: a policy document needing an interpretation may not go
        live before the interpretation is approved); None when it may or cannot say."""
        candidate = self.state.revision.as_object() if self.state else self.page
        go_live_problem = getattr(candidate, "go_live_problem", None)
        return go_live_problem(moment) if go_live_problem else None

    def _revision_go_live_at(self):
        go_live_at = self.state.revision.as_object().go_live_at if self.state else None
        return go_live_at if go_live_at and go_live_at > timezone.now() else None
