"""The editorial workflow 公开发布审批: department review → confidentiality check → leader sign-off.

Submitting a page starts it; it ends in publication now or at the chosen time. Three Wagtail
Task types, each approved by one role:

- DepartmentReviewTask (科室审核): the 科室负责人 of the department that owns the page.
- ConfidentialityCheckTask (保密审查): the 保密审查员, with the automatic scan and the checklist.
- SignOffTask (领导签发): the 分管领导; approving it publishes now or at the chosen time.

Second pair of eyes (双人审核): whoever submitted a revision can never approve
any task of it, superusers included. Every task enforces it in `get_actions` (so no button is
shown) and again in `on_action` (so no view, old or new, can get round it).
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log
from wagtail.models import (
    Page,
    PageLogEntry,
    Revision,
    Task,
    TaskState,
    Workflow,
    WorkflowTask,
)

from confidentiality.models import ConfidentialityReview, FindingOverride
from departments.roles import (
    CONFIDENTIALITY_OFFICER,
    DEPARTMENT_REVIEWER,
    SIGNATORY,
    department_for_page,
    departments_of,
    has_role,
)

from .workflow_models import ChangeNote, SignOff

WORKFLOW_NAME = "公开发布审批"
TASK_NAMES = {"review": "科室审核", "check": "保密审查", "sign_off": "领导签发"}

SECOND_PAIR_OF_EYES = _("提交人不能审批自己提交的版本（双人审核原则）。")


def submitters_of(task_state) -> set[int]:
    """Who submitted the revision under `task_state`: they may not approve any task of it.

    The workflow's requester, whoever resubmitted it after changes were requested, and the author
    of the revision itself (a reviewer who edits during review becomes that revision's author).
    """
    workflow_state = task_state.workflow_state
    ids = {workflow_state.requested_by_id, task_state.revision.user_id}
    ids.update(PageLogEntry.objects.filter(
        page_id=workflow_state.object_id,
        action__in=("wagtail.workflow.start", "wagtail.workflow.resume"),
        timestamp__gte=workflow_state.created_at,
    ).values_list("user_id", flat=True))
    ids.discard(None)
    return ids


CHANGED_DURING_STEP = _(
    "审批期间内容被修改（最新版本由 %(author)s 保存），已自动退回修改：请信息员核对修改后重新提交，"
    "此前各环节须重新审批。")


def content_changed_during_step(task_state) -> bool:
    """Whether someone saved a new revision after this step began.

    With WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT an approval only counts for the revision it
    was given on; approving an edited page would silently start the workflow again at its first
    step. A change made during review (by the reviewer from the edit form, by Wagtail's autosave,
    by the one-click mask, or by the editor) is instead sent back as 退回修改, in the open.
    """
    latest_id = (Revision.objects.filter(
        content_type_id=task_state.revision.content_type_id,
        object_id=task_state.revision.object_id)
        .order_by("-created_at", "-id").values_list("id", flat=True).first())
    return latest_id is not None and latest_id != task_state.revision_id


def send_back_changed_content(task_state, user):
    """Request changes on a step whose page changed while it waited (never approve it)."""
    page = task_state.workflow_state.content_object
    latest = page.get_latest_revision()
    author = latest.user.get_full_name() or latest.user.get_username() if latest.user else "—"
    comment = str(CHANGED_DURING_STEP % {"author": author})
    task_state.reject(user=user, comment=comment)
    log(instance=page.specific, action="publishing.changed_during_review", user=user,
        revision=latest, data={"task": task_state.task.name, "reviewed_revision":
                               task_state.revision_id, "latest_revision": latest.pk})


def due_date_of(page):
    """(due_on, provisional) of the item under review, or (None, False) if it has no deadline.

    The page says so itself through `publication_due_date()`; a page type without one has none.
    """
    specific = page.specific if isinstance(page, Page) else page
    due_date = getattr(specific, "publication_due_date", None)
    return due_date() if due_date else (None, False)


class SecondPairOfEyesTask(Task):
    """Shared behaviour of the three tasks: who may decide, and the submitter refusal."""

    approve_label = _("通过")

    class Meta:
        abstract = True

    # --- who holds the role for this page (each task says) --------------------------------
    def user_holds_role(self, page, user) -> bool:
        raise NotImplementedError

    def decider_state_filter(self, user, states):
        """The in-progress task states (of this task) the user's role lets them decide."""
        return [state for state in states
                if self.user_holds_role(state.workflow_state.content_object, user)]

    # --- the rule ---------------------------------------------------------------------------
    def user_may_decide(self, task_state, user) -> bool:
        if not (user and user.is_authenticated and user.is_active):
            return False
        if user.pk in submitters_of(task_state):
            return False
        page = task_state.workflow_state.content_object
        return user.is_superuser or self.user_holds_role(page, user)

    def _current_state(self, obj):
        state = obj.current_workflow_task_state
        if state is None or state.task_id != self.pk:
            return None
        return state

    # --- Wagtail's Task API ---------------------------------------------------------------
    def user_can_access_editor(self, obj, user):
        return user.is_superuser or self.user_holds_role(obj, user)

    def locked_for_user(self, obj, user):
        return not (user.is_superuser or self.user_holds_role(obj, user))

    def user_can_lock(self, obj, user):
        return self.user_holds_role(obj, user)

    def get_actions(self, obj, user):
        state = self._current_state(obj)
        if state is None or not self.user_may_decide(state, user):
            return []
        return [("reject", _("退回修改"), True), ("approve", self.approve_label, True)]

    def get_form_for_action(self, action):
        from .workflow_forms import RequestChangesForm

        if action == "reject":
            return RequestChangesForm
        return self.approve_form_class()

    def approve_form_class(self):
        from .workflow_forms import ApproveForm

        return ApproveForm

    def get_template_for_action(self, action):
        return "publishing/workflow/action_modal.html"

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        task_state = TaskState.objects.select_for_update().get(pk=task_state.pk).specific
        if task_state.status != TaskState.STATUS_IN_PROGRESS:
            raise PermissionDenied(_("该审批环节已经处理。"))
        if not self.user_may_decide(task_state, user):
            raise PermissionDenied(SECOND_PAIR_OF_EYES if user and user.pk in
                                   submitters_of(task_state) else _("您无权处理该审批环节。"))
        form_class = self.get_form_for_action(action_name)
        form = form_class(data={**kwargs, "task_state_id": task_state.pk}, task_state=task_state)
        if not form.is_valid():
            raise PermissionDenied("；".join(
                str(message) for messages in form.errors.values() for message in messages))
        data = form.cleaned_data
        # Nothing is returned: Wagtail's action view would take a return value as a redirect URL.
        if action_name == "reject":
            task_state.reject(user=user, comment=data.get("comment", ""))
        elif action_name == "approve":
            if content_changed_during_step(task_state):
                send_back_changed_content(task_state, user)
                return
            self.before_approve(task_state, user, data)
            task_state.approve(user=user, comment=data.get("comment", ""))
        else:
            raise PermissionDenied(_("未知的审批操作。"))

    def before_approve(self, task_state, user, data):
        """Record what this task keeps with the revision (each task adds its own)."""

    def get_task_states_user_can_moderate(self, user, **kwargs):
        if not (user.is_authenticated and user.is_active):
            return TaskState.objects.none()
        states = list(self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
                      .select_related("workflow_state", "revision"))
        if not user.is_superuser:
            states = self.decider_state_filter(user, states)
        ids = [state.pk for state in states if user.pk not in submitters_of(state)]
        return TaskState.objects.filter(pk__in=ids)


class DepartmentReviewTask(SecondPairOfEyesTask):
    """科室审核: the reviewers (科室负责人) of the department that owns the page check its accuracy.

    For a page already published, the reviewer also classifies the change as major (with a
    public change note) or minor.
    """

    approve_label = _("审核通过")

    class Meta:
        verbose_name = _("科室审核")
        verbose_name_plural = _("科室审核")

    def user_holds_role(self, page, user) -> bool:
        if not has_role(user, DEPARTMENT_REVIEWER):
            return False
        department = department_for_page(page)
        return department is not None and departments_of(user).filter(pk=department.pk).exists()

    def user_can_lock(self, obj, user):
        """A department's people never lock a page; the page under review is locked for
        everyone but its reviewers anyway (`locked_for_user`)."""
        return False

    def approve_form_class(self):
        from .workflow_forms import ReviewApproveForm

        return ReviewApproveForm

    def before_approve(self, task_state, user, data):
        page = task_state.workflow_state.content_object
        if not page.live_revision_id and not page.first_published_at:
            return
        ChangeNote.objects.update_or_create(
            revision=task_state.revision,
            defaults={"page": page, "kind": data["change_kind"], "note": data["change_note"],
                      "by": user})
        log(instance=page.specific, action="publishing.change_note", user=user,
            revision=task_state.revision,
            data={"kind": data["change_kind"], "note": data["change_note"]})

    @classmethod
    def get_description(cls):
        return _("由页面所属科室的科室负责人审核内容的准确性")


class ConfidentialityCheckTask(SecondPairOfEyesTask):
    """保密审查: the automatic scan, then the officer's checklist and signature (条例 第十四至十六条)."""

    approve_label = _("审查通过并签名")

    class Meta:
        verbose_name = _("保密审查")
        verbose_name_plural = _("保密审查")

    def user_holds_role(self, page, user) -> bool:
        return has_role(user, CONFIDENTIALITY_OFFICER)

    def start(self, workflow_state, user=None):
        task_state = super().start(workflow_state, user=user)
        review = ConfidentialityReview.objects.create(
            task_state=task_state, page_id=workflow_state.object_id,
            revision=task_state.revision)
        review.rescan()
        return task_state

    def approve_form_class(self):
        from .workflow_forms import ConfidentialityApproveForm

        return ConfidentialityApproveForm

    def before_approve(self, task_state, user, data):
        review = task_state.confidentiality_review
        for index, reason in data["overrides"].items():
            finding = review.findings[index]
            FindingOverride.objects.update_or_create(
                review=review, finding_index=index,
                defaults={"finding": finding, "reason": reason, "by": user})
            log(instance=review.page.specific, action="publishing.finding_override", user=user,
                revision=review.revision, data={"finding": finding, "reason": reason})
        if review.unresolved_blocking():
            raise PermissionDenied(_("仍有未处理的阻断项，不能审查通过。"))
        review.checklist = list(data["checklist"])
        review.signature = data["signature"]
        review.signed_by = user
        review.signed_at = timezone.now()
        review.save()
        log(instance=review.page.specific, action="publishing.confidentiality_check", user=user,
            revision=review.revision,
            data={"checklist": review.checklist, "signature": review.signature,
                  "findings": len(review.findings),
                  "overridden": [index for index in data["overrides"]]})

    @classmethod
    def get_description(cls):
        return _("保密审查员查看自动扫描结果，逐项确认不含禁止公开的内容并签名")


class SignOffTask(SecondPairOfEyesTask):
    """领导签发: a signatory signs the revision off; who signed and when goes to the audit trail."""

    approve_label = _("签发")

    class Meta:
        verbose_name = _("领导签发")
        verbose_name_plural = _("领导签发")

    def user_holds_role(self, page, user) -> bool:
        return has_role(user, SIGNATORY)

    def approve_form_class(self):
        from .workflow_forms import SignOffForm

        return SignOffForm

    def before_approve(self, task_state, user, data):
        page = task_state.workflow_state.content_object
        due_on, _provisional = due_date_of(page)
        sign_off = SignOff.objects.create(
            task_state=task_state, page=page, revision=task_state.revision, signed_by=user,
            go_live_at=data.get("go_live_at"), due_on=due_on,
            late_reason=data.get("late_reason", ""), comment=data.get("comment", ""))
        log(instance=page.specific, action="publishing.sign_off", user=user,
            revision=task_state.revision,
            data={"signed_at": sign_off.signed_at.isoformat(),
                  "go_live_at": sign_off.go_live_at.isoformat() if sign_off.go_live_at else None,
                  "due_on": due_on.isoformat() if due_on else None,
                  "late_reason": sign_off.late_reason})

    @classmethod
    def get_description(cls):
        return _("分管领导签发；可选择立即发布或定时发布")


def setup_workflow(roots=None) -> list[str]:
    """Create the workflow 公开发布审批 and assign it to every catalogue root; idempotent.

    `roots` (pages) overrides where it is assigned; by default every CatalogueRoot.
    """
    report = []
    with transaction.atomic():
        tasks = []
        for model, key in ((DepartmentReviewTask, "review"), (ConfidentialityCheckTask, "check"),
                           (SignOffTask, "sign_off")):
            task = model.objects.filter(name=TASK_NAMES[key]).first()
            if task is None:
                task = model.objects.create(name=TASK_NAMES[key])
                report.append(f"创建审批环节：{task.name}")
            tasks.append(task)
        workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
        if workflow is None:
            workflow = Workflow.objects.create(name=WORKFLOW_NAME, active=True)
            report.append(f"创建审批流程：{WORKFLOW_NAME}")
        for order, task in enumerate(tasks):
            WorkflowTask.objects.update_or_create(workflow=workflow, task=task,
                                                  defaults={"sort_order": order})
        for page in (workflow_roots() if roots is None else roots):
            if getattr(page, "workflowpage", None) is None:
                from wagtail.models import WorkflowPage

                WorkflowPage.objects.create(page=page, workflow=workflow)
                report.append(f"为“{page.title}”指定审批流程")
    return report


def workflow_roots():
    """Every page the workflow is assigned to: each page of a type that declares
    `publication_workflow_root = True` (the disclosure catalogue's root)."""
    from wagtail.models import get_page_models

    models = [model for model in get_page_models()
              if getattr(model, "publication_workflow_root", False)]
    return Page.objects.type(*models) if models else Page.objects.none()
