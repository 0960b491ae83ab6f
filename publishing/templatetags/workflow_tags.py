"""Template tags of the workflow: due dates in the admin, and the public change history.

DISCLOSURE templates show an item's history of major changes with either
`{% load workflow_tags %}{% change_history page %}` or
`{% include "publishing/includes/change_history.html" with page=page %}`.
"""

from django import template

from publishing.workflow import due_date_of
from publishing.workflow_models import ChangeNote

register = template.Library()


@register.simple_tag
def task_due_date(page):
    """{"due_on": date | None, "provisional": bool} of the item a task is about."""
    if page is None:
        return {"due_on": None, "provisional": False}
    due_on, provisional = due_date_of(page)
    return {"due_on": due_on, "provisional": provisional}


@register.filter
def get_override(data, index):
    """The override reason typed for finding `index` (so a form shown again keeps it)."""
    try:
        return data.get(f"override_{index}", "")
    except AttributeError:
        return ""


def public_change_notes(page):
    """Major changes of `page` whose version has gone live, newest first."""
    return ChangeNote.objects.filter(page_id=page.pk, kind=ChangeNote.MAJOR,
                                     published_at__isnull=False).order_by("-published_at")


@register.inclusion_tag("publishing/includes/change_history.html")
def change_history(page):
    return {"page": page, "change_notes": public_change_notes(page)}
