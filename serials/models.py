"""One counter table for every serial number the site hands out."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SerialCounter(models.Model):
    """The last serial handed out by one counter (`name`, e.g. "index_numbers") in one scope
    (normally a year); its row is locked while it is incremented, see `serials.counters`."""

    name = models.CharField(_("计数器"), max_length=40)
    scope = models.CharField(_("范围"), max_length=40)
    last = models.PositiveIntegerField(_("最后序号"), default=0)

    class Meta:
        verbose_name = _("流水号计数器")
        verbose_name_plural = _("流水号计数器")
        constraints = [models.UniqueConstraint(fields=["name", "scope"],
                                               name="serial_counter_unique_scope")]

    def __str__(self):
        return f"{self.name} {self.scope}: {self.last}"
