"""The "my tasks" panel of the admin dashboard: what waits for me, with each item's due date,
and the task's own buttons, so that a decision can be taken from here without opening the edit
form (the same modal as in the editor; Wagtail's workflow-action.js opens it and comes back)."""

from datetime import date

from wagtail.admin.ui.components import Component
from wagtail.models import TaskState

from publishing.workflow import due_date_of


class MyTasksPanel(Component):
    name = "publishing_my_tasks"
    template_name = "publishing/admin/my_tasks_panel.html"
    order = 50

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        states = (TaskState.objects.reviewable_by(request.user)
                  .select_related("task", "workflow_state", "revision")
                  .order_by("started_at"))
        rows = []
        for state in states:
            page = state.revision.content_object
            if page is None:
                continue
            page = page.specific
            due_on, provisional = due_date_of(page)
            rows.append({"state": state, "page": page, "task": state.task,
                         "due_on": due_on, "provisional": provisional,
                         "actions": state.task.specific.get_actions(page, request.user)})
        rows.sort(key=lambda row: row["due_on"] or date.max)
        return {"rows": rows, "request": request}
