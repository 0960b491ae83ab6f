"""The base of every application step, on Wagtail's own action base (wagtail.actions.base):
`check()` says whether the step may happen (the user's permission first, then the state of the
application and the parameters), `execute()` checks again under a row lock and applies the
step in one transaction with its append-only ApplicationEvent.

A step carries everything the admin needs to offer it: its code (in the URL), its label, the
kind and label of the event it records, and its form (`form_class`). The registry of steps is
in `applications.actions`.
"""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.actions.base import BaseAction

from workdays.local_time import local_today

from ..clock import refresh_deadlines
from ..models import ApplicationEvent, DisclosureApplication
from ..privacy import can_handle, is_office
from ..step_forms import ReasonForm


class ActionError(Exception):
    """Why a step may not happen, in words for the person who tried."""


class ActionPermissionError(ActionError, PermissionDenied):
    """The user may not take this step on this application."""


class ApplicationAction(BaseAction):
    """One step of an application: permission and state checks, then one transaction with its
    event. Subclasses set the class attributes below and implement `apply()`."""

    code = ""  # the step's name in URLs and form prefixes
    label = ""  # what the button says
    event_kind = ""  # ApplicationEvent.kind it records
    event_label = ""  # how the audit trail names that event (default: the label)
    form_class = ReasonForm
    states: tuple[str, ...] = ()
    office_only = False
    permission = ""  # an extra Django permission, e.g. applications.approve_extension
    permission_error_class = ActionPermissionError

    def __init__(self, application: DisclosureApplication, user=None):
        super().__init__(application, user)  # user None: the system itself (lapses, chores)
        self.application = application
        self.reason = ""

    # --- checking ---------------------------------------------------------------------------
    def user_has_permission(self) -> bool:
        """Raise ActionPermissionError with the reason in Chinese; True when the user may."""
        user = self.user
        if self.office_only and not is_office(user):
            raise self.permission_error_class(_("只有政务公开办公室可以执行此操作。"))
        if not self.user_may_act(user):
            raise self.permission_error_class(_("您无权办理此申请。"))
        if self.permission and not user.has_perm(self.permission):
            raise self.permission_error_class(_("您没有执行此操作的权限。"))
        return True

    def user_may_act(self, user) -> bool:
        """Who may take this step on this application (override for reviewers)."""
        return can_handle(user, self.application)

    def check(self, skip_permission_checks: bool = False, **params) -> None:
        """Raise ActionError if this step may not happen now with these parameters."""
        self.check_allowed(skip_permission_checks)
        self.check_params(**params)

    def check_allowed(self, skip_permission_checks: bool = False) -> None:
        if self.user is not None and not skip_permission_checks:
            self.user_has_permission()
        if self.application.anonymised_at:
            raise ActionError(_("此申请已匿名化，不能再办理。"))
        if self.states and self.application.state not in self.states:
            raise ActionError(_("申请当前状态为“%(state)s”，不能%(action)s。") % {
                "state": self.application.get_state_display(), "action": self.label})
        self.check_state()

    def check_state(self) -> None:
        """Further rules on the application's current data (override)."""

    def check_params(self, **params) -> None:
        """Rules on the parameters (override)."""

    def is_available(self) -> bool:
        try:
            self.check_allowed()
        except ActionError:
            return False
        return True

    # --- doing ---------------------------------------------------------------------------
    def execute(self, reason: str = "", skip_permission_checks: bool = False, **params):
        """Check and apply under a row lock, record the event; return what apply returned.

        The caller's instance is refreshed afterwards, so it shows the new state.
        """
        self.reason = reason
        given = self.application
        with transaction.atomic():
            self.application = self.instance = (
                DisclosureApplication.objects.select_for_update().get(pk=given.pk))
            self.check(skip_permission_checks=skip_permission_checks, **params)
            result, data = self.apply(**params)
            refresh_deadlines(self.application)
            self.application.save()
            ApplicationEvent.objects.create(application=self.application, kind=self.event_kind,
                                            by=self.user, reason=reason, data=data or {})
            self.after(result)
        given.refresh_from_db()
        return result

    def apply(self, **params) -> tuple[object, dict]:
        raise NotImplementedError

    def after(self, result) -> None:
        """What follows the recorded step inside its transaction, e.g. announcements."""

    # --- helpers ---------------------------------------------------------------------------
    @staticmethod
    def today() -> date:
        return local_today()

    def _check_day(self, day: date, *, not_before: date | None = None, label: str = "") -> None:
        if day > self.today():
            raise ActionError(_("%(label)s不能晚于今天。") % {"label": label})
        if not_before and day < not_before:
            raise ActionError(_("%(label)s不能早于 %(day)s。") % {"label": label, "day": not_before})
