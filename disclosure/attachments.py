"""Who may download a document (附件): the one rule, for the public and for staff.

Wagtail's collection permissions have no "view", so the rule lives here and everything that
hands out a document asks it: the download view (`before_serve_document`, wagtail_hooks.py)
and the admin documents API.

- The public gets a document only when some live, public (no view restriction up the tree),
  unexpired page uses it — as an attachment or as a link in rich text, as Wagtail's reference
  index records — and no page withdrawn for confidentiality (涉密, 条例 第十四条) uses it. The
  withdrawal wins over any other live page that still links the file.
- Images: renditions (/media/images/) are display copies served by nginx directly; originals
  never are. A withdrawal for confidentiality deletes the renditions of the page's images at
  once (`take_down_images_of_secret_page`). See docs/attachments.md.
- Staff get, besides that, the documents of pages they work on (`departments.visibility`: they
  may edit the page, or its current workflow task lets them decide; the confidentiality
  officer, the signatory and the office open other departments' attachments during review),
  including what the revision under review attaches, and every document of a collection on
  which they hold a permission.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex, WorkflowState
from wagtail.permissions import policy_registry

from departments.visibility import pages_user_works_on
from publishing.workflow_models import Withdrawal

COLLECTION_ACTIONS = ["add", "change", "delete", "choose"]


def documents_for(user):
    """The documents `user` (anonymous included) may download, as a queryset."""
    Document = get_document_model()
    if user is not None and user.is_active and user.is_superuser:
        return Document.objects.all()
    public = public_documents()
    if user is None or not (user.is_authenticated and user.is_active):
        return public
    policy = policy_registry.get_by_type(Document)
    collections = policy.collections_user_has_any_permission_for(
        user, COLLECTION_ACTIONS)
    pages = pages_user_works_on(user)
    return Document.objects.filter(
        Q(pk__in=public.values("pk"))
        | Q(collection__in=collections)
        | Q(pk__in=Document.objects.annotate(string_pk=Cast("pk", CharField()))
            .filter(string_pk__in=_documents_used_by(pages)).values("pk"))
        | Q(pk__in=documents_under_review(pages))
    )


def may_download(user, document) -> bool:
    return documents_for(user).filter(pk=document.pk).exists()


def public_documents():
    """Documents some live, public, unexpired page uses, minus those of confidential pages."""
    Document = get_document_model()
    visible = Page.objects.live().public().exclude(expire_at__lte=timezone.now())
    return (Document.objects.annotate(string_pk=Cast("pk", CharField()))
            .filter(string_pk__in=_documents_used_by(visible))
            .exclude(string_pk__in=_documents_used_by(pages_withdrawn_as_secret())))


def pages_withdrawn_as_secret():
    return Page.objects.filter(withdrawals__active=True,
                               withdrawals__reason=Withdrawal.REASON_CONFIDENTIALITY)


def take_down_images_of_secret_page(sender, page, withdrawal, **kwargs):
    """After a withdrawal for confidentiality, delete the renditions of the images the page
    used, files first: nginx serves /media/images/ directly (docs/attachments.md), so they
    must go at once; a public page that still shows an image makes its renditions again."""
    if withdrawal.shows_notice:
        return
    Image = get_image_model()
    image_ids = [int(pk) for pk in ReferenceIndex.get_references_for_object(page).filter(
        to_content_type=ContentType.objects.get_for_model(Image)).values_list(
        "to_object_id", flat=True)]
    for rendition in Image.get_rendition_model().objects.filter(image_id__in=image_ids):
        rendition.file.delete(save=False)
        rendition.delete()


def pages_still_linking(page):
    """Live pages that use any document of `page`: after a withdrawal for confidentiality the
    office is told to edit them (their links now lead nowhere)."""
    used = ReferenceIndex.get_references_for_object(page).filter(
        to_content_type=_document_content_type()).values("to_object_id")
    return (Page.objects.live().exclude(pk=page.pk)
            .annotate(string_pk=Cast("pk", CharField()))
            .filter(string_pk__in=ReferenceIndex.objects.filter(
                base_content_type=ContentType.objects.get_for_model(Page),
                to_content_type=_document_content_type(), to_object_id__in=used,
            ).values("object_id")))


def documents_under_review(pages) -> set[int]:
    """Documents the latest revision of a page in a workflow uses (the reference index reads
    only the page's saved row, not the revision the reviewers are looking at)."""
    in_workflow = pages.annotate(string_pk=Cast("pk", CharField())).filter(
        string_pk__in=_pages_in_workflow())
    document_type = _document_content_type().pk
    found = set()
    for page in in_workflow.specific():
        revision = page.get_latest_revision_as_object()
        for content_type_id, object_id, *_ in ReferenceIndex._extract_references_from_object(
                revision):
            if content_type_id == document_type:
                found.add(int(object_id))
    return found


def _pages_in_workflow():
    return (WorkflowState.objects.filter(status=WorkflowState.STATUS_IN_PROGRESS,
                                         base_content_type=ContentType.objects.get_for_model(Page))
            .values_list("object_id", flat=True))


def _documents_used_by(pages):
    """The reference index rows from these pages to documents, as document ids (strings)."""
    return ReferenceIndex.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id__in=pages.annotate(string_pk=Cast("pk", CharField())).values("string_pk"),
        to_content_type=_document_content_type(),
    ).values("to_object_id")


def _document_content_type():
    return ContentType.objects.get_for_model(get_document_model())
