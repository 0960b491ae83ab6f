"""The sign-off of replies (issue 22): drafted replies with their letter, and the admin
notifications that announce each hand-over to staff. Re-exported by applications.models."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import DisclosureApplication, private_storage
from .replies import REPLY_CHOICES, REPLY_TYPES


class ReplyDraft(models.Model):
    """A reply drafted by the handler, its letter (made by a background task) and its sign-off.

    The reply leaves only as drafted and approved: the letter sent is this draft's letter, whose
    checksum was recorded when the last approver signed. A new draft replaces an earlier one.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("待审核")
        APPROVED = "approved", _("审核通过，待发出")
        RETURNED = "returned", _("已退回修改")
        REPLACED = "replaced", _("已被新的草稿取代")
        SENT = "sent", _("已发出")

    class LetterStatus(models.TextChoices):
        QUEUED = "queued", _("排队等待生成")
        BUILDING = "building", _("正在生成")
        READY = "ready", _("已生成")
        FAILED = "failed", _("生成失败")

    application = models.ForeignKey(DisclosureApplication, on_delete=models.PROTECT,
                                    related_name="reply_drafts")
    reply_type = models.CharField(_("答复类型"), max_length=40, choices=REPLY_CHOICES)
    text = models.TextField(_("答复理由、依据或获取方式"), blank=True)
    state = models.CharField(_("状态"), max_length=20, choices=State.choices,
                             default=State.PENDING)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("起草人"))
    drafted_at = models.DateTimeField(_("起草时间"), default=timezone.now)
    department_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("科室负责人审核"))
    office_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("政务公开办公室审核"))
    return_comment = models.TextField(_("退回意见"), blank=True)
    letter_status = models.CharField(_("答复书生成"), max_length=20,
                                     choices=LetterStatus.choices, default=LetterStatus.QUEUED)
    letter_file = models.FileField(storage=private_storage, upload_to="applications/drafts/%Y/",
                                   blank=True)
    letter_checksum = models.CharField(_("答复书校验值（SHA-256）"), max_length=64, blank=True)
    approved_checksum = models.CharField(_("审核通过的答复书校验值"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("答复草稿")
        verbose_name_plural = _("答复草稿")
        ordering = ["drafted_at", "pk"]

    def __str__(self):
        return f"{self.application} {self.get_reply_type_display()} {self.get_state_display()}"

    @property
    def reply(self):
        return REPLY_TYPES.get(self.reply_type)


class StaffNotice(models.Model):
    """An admin notification to one member of staff about an application (the email of the same
    announcement goes through the mail outbox)."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="+")
    application = models.ForeignKey(DisclosureApplication, on_delete=models.CASCADE,
                                    related_name="staff_notices")
    kind = models.CharField(max_length=20)
    subject = models.CharField(_("提醒"), max_length=200)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("依申请公开提醒")
        verbose_name_plural = _("依申请公开提醒")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.subject
