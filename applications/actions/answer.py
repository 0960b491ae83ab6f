"""The answer: files released to the applicant, the reply drafted by the handler, and the
reply sent once signed off (条例 第三十六、三十七条). The sign-off is in
applications.actions.signoff; the letter sent is the approved draft's letter, byte for byte.
"""

from django.core.files.base import ContentFile, File
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import step_forms
from ..letters import checksum
from ..models import Letter, ReleasedFile, ReplyDraft, Routing, State
from ..replies import PARTLY_DISCLOSED, REPLY_TYPES
from .base import ActionError, ApplicationAction
from .closing import close
from .signoff import announce_next_stage, current_draft


class ReleaseFile(ApplicationAction):
    """Store a file to be given to the applicant (privately; delivered by an expiring link)."""

    code = "release_file"
    form_class = step_forms.ReleaseFileForm
    label = gettext_lazy("上传拟提供的信息")
    event_kind = "file_released"
    states = (State.IN_PROGRESS, State.CONSULTING, State.AWAITING_FEE)

    def check_state(self):
        if current_draft(self.application) is not None:
            raise ActionError(_("答复已起草：答复书列明提供的文件，如需增加文件，请先退回或重新起草答复。"))

    def check_params(self, upload, **params):
        if upload is None:
            raise ActionError(_("请选择要上传的文件。"))

    def apply(self, upload):
        released = ReleasedFile(application=self.application, name=upload.name[:200],
                                size=upload.size, uploaded_by=self.user)
        released.file.save(upload.name, File(upload), save=False)
        released.save()
        return released, {"file": released.pk, "size": released.size}


class DraftReply(ApplicationAction):
    """The handler drafts the reply: one leaf of the reply tree, its reasons; the letter is made
    by a background task. A new draft replaces one not yet approved."""

    code = "draft_reply"
    form_class = step_forms.DraftReplyForm
    label = gettext_lazy("起草答复")
    event_kind = "reply_drafted"
    states = (State.IN_PROGRESS,)

    def check_state(self):
        app = self.application
        if app.routing != Routing.APPROVED or app.department_id != app.routing_department_id:
            raise ActionError(_("受理和转办意见审核通过并转办后，才能起草答复。"))
        draft = current_draft(app)
        if draft is not None and draft.state == ReplyDraft.State.APPROVED:
            raise ActionError(_("答复已审核通过，请发出。"))

    def check_params(self, reply_type: str, text: str = "", **params):
        leaf = REPLY_TYPES.get(reply_type)
        if leaf is None or leaf.lapse:
            raise ActionError(_("请从答复类型中选择一项。"))
        has_files = self.application.released_files.exists()
        if reply_type == PARTLY_DISCLOSED and not (has_files and text.strip()):
            raise ActionError(_("部分公开须上传可以公开的部分，并说明不予公开部分的理由。"))
        if leaf.releases_information and not (has_files or text.strip()):
            raise ActionError(_("予以公开须上传提供的信息，或写明获取的方式和途径。"))
        if not leaf.releases_information and not text.strip():
            raise ActionError(_("请写明答复的理由和依据。"))

    def apply(self, reply_type: str, text: str = ""):
        from ..tasks import build_reply_letter

        self.application.reply_drafts.filter(state=ReplyDraft.State.PENDING).update(
            state=ReplyDraft.State.REPLACED)
        draft = ReplyDraft.objects.create(application=self.application, reply_type=reply_type,
                                          text=text, drafted_by=self.user)
        transaction.on_commit(lambda: build_reply_letter.enqueue(draft.pk))
        return draft, {"draft": draft.pk, "reply_type": reply_type}

    def after(self, draft):
        announce_next_stage(self.application, draft)


class Reply(ApplicationAction):
    """Send the signed-off reply: its letter, exactly as approved, with the remedy notice."""

    code = "reply"
    label = gettext_lazy("发出答复")
    event_kind = "replied"
    event_label = gettext_lazy("作出答复")
    states = (State.IN_PROGRESS,)

    def check_state(self):
        draft = current_draft(self.application)
        if draft is None or draft.state != ReplyDraft.State.APPROVED:
            raise ActionError(_("答复须经审核通过后才能发出。"))

    def apply(self):
        draft = current_draft(self.application)
        with draft.letter_file.open("rb") as stored:
            pdf_bytes = stored.read()
        if checksum(pdf_bytes) != draft.approved_checksum:
            raise ActionError(_("答复书与审核通过的版本不一致，不能发出，请重新起草。"))
        letter = Letter(application=self.application, kind=Letter.Kind.REPLY)
        letter.file.save(f"{self.application.tracking_number}-reply.pdf",
                         ContentFile(pdf_bytes), save=False)
        letter.save()
        with letter.file.open("rb") as sent:
            sent_checksum = checksum(sent.read())
        if sent_checksum != draft.approved_checksum:
            raise ActionError(_("答复书与审核通过的版本不一致，不能发出，请重新起草。"))
        close(self.application, draft.reply_type, draft.text, letter=letter)
        draft.state = ReplyDraft.State.SENT
        draft.save(update_fields=["state"])
        return letter, {"reply_type": draft.reply_type, "draft": draft.pk,
                        "checksum": sent_checksum}
