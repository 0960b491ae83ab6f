"""The mail outbox: one row per email, from queued to sent."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Message(models.Model):
    """One email to one address, stored in the transaction of the change that causes it.

    Sent at least once: a task claims the row (state pending → sending, in one conditional
    UPDATE) before sending, so the task and the retry timer never both send it; a sender that
    dies mid-send leaves the claim to lapse and the row is sent again, under the same
    Message-ID header, so a receiving server can tell the copy. `about` links it to what it is
    about (an application, a page) without this app knowing those models.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("待发送")
        SENDING = "sending", _("发送中")
        SENT = "sent", _("已发送")
        FAILED = "failed", _("发送失败，已停止重试")

    to = models.EmailField(_("收件人"), max_length=254)
    subject = models.CharField(_("主题"), max_length=200)
    body = models.TextField(_("正文"))
    # [{"storage": "private", "name": "applications/letters/…", "filename": "…pdf",
    #   "mimetype": "application/pdf"}]: files already stored, read when sending.
    attachments = models.JSONField(_("附件"), default=list, blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True, editable=False)

    about_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE,
                                   related_name="+")
    about_id = models.PositiveBigIntegerField(null=True, blank=True)
    about = GenericForeignKey("about_type", "about_id")

    state = models.CharField(_("状态"), max_length=10, choices=State.choices,
                             default=State.PENDING)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("下次发送时间"), default=timezone.now)
    claimed_at = models.DateTimeField(_("开始发送时间"), null=True, blank=True)
    sent_at = models.DateTimeField(_("发出时间"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("尝试次数"), default=0)
    last_error = models.CharField(_("最近错误"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("待发邮件")
        verbose_name_plural = _("待发邮件")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["state", "next_attempt_at"],
                                name="outbox_due_idx")]
        constraints = [models.CheckConstraint(
            condition=~models.Q(state="sent") | models.Q(sent_at__isnull=False),
            name="outbox_sent_has_time")]

    def __str__(self):
        # Never the address: this string reaches logs.
        return f"{self.subject} ({self.get_state_display()})"
