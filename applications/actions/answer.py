"""The answer: files released to the applicant and the reply itself (条例 第三十六、三十七条)."""

from django.core.files.base import File
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import step_forms
from ..models import ReleasedFile, State
from ..replies import PARTLY_DISCLOSED, REPLY_TYPES
from .base import ActionError, ApplicationAction
from .closing import close


class ReleaseFile(ApplicationAction):
    """Store a file to be given to the applicant (privately; delivered by an expiring link)."""

    code = "release_file"
    form_class = step_forms.ReleaseFileForm
    label = gettext_lazy("上传拟提供的信息")
    event_kind = "file_released"
    states = (State.IN_PROGRESS, State.CONSULTING, State.AWAITING_FEE)

    def check_params(self, upload, **params):
        if upload is None:
            raise ActionError(_("请选择要上传的文件。"))

    def apply(self, upload):
        released = ReleasedFile(application=self.application, name=upload.name[:200],
                                size=upload.size, uploaded_by=self.user)
        released.file.save(upload.name, File(upload), save=False)
        released.save()
        return released, {"file": released.pk, "size": released.size}


class Reply(ApplicationAction):
    """The reply: exactly one leaf of the reply tree, a letter with the remedy notice."""

    code = "reply"
    form_class = step_forms.ReplyForm
    label = gettext_lazy("作出答复")
    event_kind = "replied"
    states = (State.IN_PROGRESS,)

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
        return close(self.application, reply_type, text), {"reply_type": reply_type}


