"""One application in the admin: Wagtail's InspectView with the clock, the applicant (masked
unless the user may see them), the request, the letters and files, the steps the user may take
and the audit trail; the view that runs a step; staff downloads of private files.

Every view loads the application through `visible_applications`: an application of another
department answers 404, whichever URL is tried.
"""

from django.contrib.admin.utils import quote
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.html import linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.debug import sensitive_post_parameters
from wagtail.admin import messages
from wagtail.admin.views.generic import InspectView

from personaldata import mask_name

from .actions import ACTIONS_BY_CODE, ActionError, available_actions, current_draft
from .actions.signoff import STAGE_LABELS, next_stage, required_stages
from .clock import reply_clock
from .models import ApplicationEvent, Letter, ReleasedFile, ReplyDraft, State
from .privacy import can_handle, can_see_personal_data, visible_applications

NAMESPACE = "disclosure_applications"


def detail_url(application) -> str:
    return reverse(f"{NAMESPACE}:detail", args=(quote(application.pk),))


class ApplicationMixin:
    """Load the application the user may open; another department's user gets a 404."""

    def get_application(self):
        return get_object_or_404(visible_applications(self.request.user), pk=self.kwargs["pk"])


class ApplicationInspectView(ApplicationMixin, InspectView):
    """The application's detail page; the request's fields are the inspect view's own."""

    template_name = "applications/admin/detail.html"
    header_icon = "form"
    request_fields = ["information_title", "information_document_number",
                      "information_description", "information_form", "delivery", "reply_text"]

    def get_fields(self):
        """Only what was asked for and the reply's text: the applicant's data has its own block
        (shown only to whom may see it), and nothing else of the row (hashes, tokens) is shown
        — whatever fields the viewset passes."""
        return self.request_fields

    def get_object(self, queryset=None):
        return self.get_application()

    def get_page_title(self):
        return _("申请 %(number)s") % {"number": self.object.tracking_number}

    def get_page_subtitle(self):
        return self.object.get_state_display()

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(f"{NAMESPACE}:index"), "label": _("政府信息公开申请")},
            {"url": "", "label": self.object.tracking_number},
        ]

    def get_information_description_display_value(self):
        return paragraphs(self.object.information_description)

    def get_reply_text_display_value(self):
        return paragraphs(self.object.reply_text)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.object
        user = self.request.user
        actions = [(action, action.form_class(prefix=action.code))
                   for action in available_actions(application, user)]
        context.update(
            application=application,
            clock=reply_clock(application),
            personal=can_see_personal_data(user, application),
            masked_name=mask_name(application.name),
            events=application.events.select_related("by"),
            letters=application.letters.all(),
            released_files=application.released_files.all(),
            actions=actions,
            draft=self.draft_context(application),
            routing_comment=_last_reason(application, "routing_returned"),
            new_query_code=self.request.session.pop(f"new_query_code_{application.pk}", None),
        )
        return context


    def get(self, request, *args, **kwargs):
        # Opening the application reads the user's notices about it.
        self.object.staff_notices.filter(recipient=request.user, read_at__isnull=True).update(
            read_at=timezone.now())
        return super().get(request, *args, **kwargs)

    @staticmethod
    def draft_context(application):
        """The reply being drafted or reviewed (or last returned): its letter and sign-offs."""
        draft = current_draft(application) or application.reply_drafts.filter(
            state=ReplyDraft.State.RETURNED).order_by("-pk").first()
        if draft is None or application.state == State.CLOSED:
            return None
        stages = [{"label": STAGE_LABELS[stage],
                   "by": getattr(draft, f"{stage}_approved_by")}
                  for stage in required_stages(application, draft.reply_type)]
        waiting = next_stage(draft) if draft.state == ReplyDraft.State.PENDING else None
        return {"draft": draft, "stages": stages,
                "waiting_for": STAGE_LABELS[waiting] if waiting else "",
                "building": draft.letter_status in (ReplyDraft.LetterStatus.QUEUED,
                                                    ReplyDraft.LetterStatus.BUILDING)}


@method_decorator(sensitive_post_parameters(), name="dispatch")
class ApplicationActionView(ApplicationMixin, View):
    """Run one step from the detail page's forms; errors come back as messages."""

    def post(self, request, pk, code):
        application = self.get_application()
        action_class = ACTIONS_BY_CODE.get(code)
        if action_class is None:
            raise Http404
        form = action_class.form_class(request.POST, request.FILES, prefix=code)
        if not form.is_valid():
            for field, errors in form.errors.items():
                label = form.fields[field].label if field in form.fields else ""
                messages.error(request, f"{action_class.label}：{label} {' '.join(errors)}")
            return redirect(detail_url(application))
        params = dict(form.cleaned_data)
        reason = params.pop("reason", "") or ""
        try:
            action_class(application, request.user).execute(reason=reason, **params)
        except ActionError as refusal:
            messages.error(request, f"{action_class.label}：{refusal}")
        else:
            messages.success(request, _("已完成：%(action)s。") % {"action": action_class.label})
        return redirect(detail_url(application))


class StaffFileView(ApplicationMixin, View):
    """Staff download a letter, a drafted reply's letter or a released file of an application
    they may handle (a department head reviewing a reply may read it too)."""

    def get(self, request, pk, kind, file_pk):
        application = self.get_application()
        if not can_see_personal_data(request.user, application):
            raise Http404
        if kind == "draft":
            draft = get_object_or_404(ReplyDraft, pk=file_pk, application=application,
                                      letter_status=ReplyDraft.LetterStatus.READY)
            stored, name = draft.letter_file, f"{application.tracking_number}-答复书（送审稿）.pdf"
        elif kind in ("letter", "file"):
            obj = get_object_or_404({"letter": Letter, "file": ReleasedFile}[kind], pk=file_pk,
                                    application=application)
            stored = obj.file
            name = obj.name if kind == "file" else f"{application.tracking_number}-{obj.kind}.pdf"
        else:
            raise Http404
        response = FileResponse(stored.open("rb"), as_attachment=kind == "file", filename=name)
        response["Cache-Control"] = "private, no-store"
        return response


class LetterProgressView(ApplicationMixin, View):
    """Where the drafted reply's letter stands, for the detail page to follow its progress."""

    def get(self, request, pk):
        draft = current_draft(self.get_application())
        if draft is None:
            raise Http404
        return JsonResponse({"status": draft.letter_status,
                             "label": draft.get_letter_status_display()})


class IdentityProofView(ApplicationMixin, View):
    """Staff who may handle the application open the applicant's uploaded identity proof.

    The file lives in private storage (never under MEDIA_URL); each opening is written to the
    application's append-only trail (留痕) with who opened it.
    """

    def get(self, request, pk):
        application = self.get_application()
        if not can_handle(request.user, application) or not application.attachment:
            raise Http404
        ApplicationEvent.objects.create(application=application, kind="identity_proof_viewed",
                                        by=request.user)
        extension = application.attachment.name.rsplit(".", 1)[-1].lower()
        response = FileResponse(application.attachment.open("rb"), as_attachment=True,
                                filename=f"{application.tracking_number}-材料.{extension}")
        response["Cache-Control"] = "private, no-store"
        return response


def _last_reason(application, kind) -> str:
    event = application.events.filter(kind=kind).order_by("-at", "-pk").first()
    return event.reason if event else ""


def paragraphs(text: str):
    """The applicant's or the handler's text as paragraphs, its own markup escaped ("—" if
    empty). django.utils.html.linebreaks returns a plain string, which the inspect view
    escaped again: staff read "<p>…</p>" around every description."""
    if not (text or "").strip():
        return "—"
    return mark_safe(linebreaks(text, autoescape=True))  # noqa: S308 - escaped by linebreaks
