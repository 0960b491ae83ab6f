"""A scheduled publication the publisher could not make live, kept until it is dealt with."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class BlockedPublication(models.Model):
    """One scheduled revision that could not go live at its time (e.g. 三同步 no longer holds).

    Created once, by the publisher's `schedule_blocked` signal; open until the page is published
    or signed off for a time again (`resolved_at`). The deadline dashboard shows open ones in red.
    """

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("页面"))
    revision = models.OneToOneField("wagtailcore.Revision", on_delete=models.CASCADE,
                                    related_name="+", verbose_name=_("版本"))
    due_at = models.DateTimeField(_("预定发布时间"), null=True, blank=True)
    reason = models.TextField(_("受阻原因"))
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+",
                                  verbose_name=_("签发人"))
    blocked_at = models.DateTimeField(_("发现时间"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("处理时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("定时发布受阻记录")
        verbose_name_plural = _("定时发布受阻记录")
        ordering = ["blocked_at"]

    def __str__(self):
        return f"{self.page} / {self.reason}"
