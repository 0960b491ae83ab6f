"""Which pages a person may see in the admin: the one rule every chooser, search, bulk action,
report, listing and admin API applies (the hooks in `departments.wagtail_hooks`).

- The disclosure office (政务公开办公室) and a superuser see every page.
- Anyone else sees the pages they work on: those they may edit (Wagtail's page permissions,
  i.e. their department's sections for its editors) and those whose current workflow task
  they may decide (the reviewer, the confidentiality officer and the signatory see another
  department's page while it waits for them, and not before or after).
- Live pages open to the public (no view restriction) are public already: everyone with admin
  access sees them, so that a page can be linked to from any department's page in the
  choosers. A draft, a page in review, a scheduled, expired or withdrawn page is not live, and
  a live page under a view restriction is not public: those stay with the people above.
- The root of the tree (no content, only the start of the chooser) is shown to everyone.

A page the person may not see is a 404 wherever it would be named (a chooser opened on it, a
bulk action asked for it), so nothing tells that it exists.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, F, Q
from django.db.models.functions import Cast
from wagtail.models import Page, TaskState
from wagtail.permission_policies.pages import PagePermissionPolicy

from departments.roles import DISCLOSURE_OFFICE, has_role


def sees_every_page(user) -> bool:
    """The office and a superuser see every page, whatever its state or department."""
    return bool(user and user.is_active
                and (user.is_superuser or has_role(user, DISCLOSURE_OFFICE)))


def pages_user_works_on(user):
    """Pages the user may edit, or whose current workflow task the user may decide."""
    if not (user and user.is_authenticated and user.is_active):
        return Page.objects.none()
    editable = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    moderated = TaskState.objects.reviewable_by(user).filter(
        workflow_state__base_content_type=ContentType.objects.get_for_model(Page),
    ).values("workflow_state__object_id")
    return Page.objects.filter(pk__in=editable.values("pk")) | Page.objects.annotate(
        string_pk=Cast("pk", CharField())).filter(string_pk__in=moderated)


def pages_visible_to(user):
    """Every page `user` may see in the admin, as a queryset (see the module's rule)."""
    if sees_every_page(user):
        return Page.objects.all()
    if not (user and user.is_authenticated and user.is_active):
        return Page.objects.none()
    return Page.objects.filter(
        Q(depth=1)
        # A live page another department is retitling would show its draft title (the admin
        # names pages by it): it is left out until the new title is published.
        | Q(pk__in=Page.objects.live().public().filter(draft_title=F("title")).values("pk"))
        | Q(pk__in=pages_user_works_on(user).values("pk"))
    )


def may_see_page(user, page) -> bool:
    return pages_visible_to(user).filter(pk=page.pk).exists()


def only_visible(pages, user):
    """`pages` (a queryset of pages or of a page type) limited to what `user` may see."""
    if sees_every_page(user):
        return pages
    return pages.filter(pk__in=pages_visible_to(user).values("pk"))
