"""建议提案办理结果: the replies to 人大代表建议 and 政协委员提案 (seed 003 asks for their handling
results to be published), a catalogue entry like the others, counted per year."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField

from disclosure.models.items import DisclosureItem, item_edit_handler

KIND_SUGGESTION = "suggestion"
KIND_PROPOSAL = "proposal"
KIND_CHOICES = [
    (KIND_SUGGESTION, _("人大代表建议")),
    (KIND_PROPOSAL, _("政协委员提案")),
]

RESULT_CHOICES = [
    ("solved", _("解决")),
    ("solving", _("正在解决")),
    ("planned", _("列入计划")),
    ("reference", _("留作参考")),
]


class ProposalReply(DisclosureItem):
    """The reply to one 人大代表建议 or 政协委员提案, published with the representative's consent."""

    kind = models.CharField(_("类别"), max_length=20, choices=KIND_CHOICES)
    year = models.PositiveSmallIntegerField(_("办理年度"))
    number = models.CharField(_("建议（提案）编号"), max_length=50,
                              help_text=_("例如：市十六届人大五次会议第0123号。"))
    proposal_title = models.CharField(_("建议（提案）题目"), max_length=255)
    representative = models.CharField(_("代表（委员）"), max_length=100,
                                      help_text=_("领衔代表或提案委员（单位）。"))
    handling_department = models.ForeignKey(
        "departments.Department", verbose_name=_("承办科室"), on_delete=models.PROTECT,
        related_name="+")
    result = models.CharField(_("办理结果"), max_length=20, choices=RESULT_CHOICES)
    replied_on = models.DateField(_("答复日期"))
    reply = RichTextField(_("答复正文"))
    consent = models.BooleanField(
        _("代表（委员）同意公开答复全文"), default=False,
        help_text=_("答复全文须经代表（委员）同意后才能公开。"),
    )

    content_panels = DisclosureItem.title_panels + [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("year")]),
        FieldPanel("number"),
        FieldPanel("proposal_title"),
        FieldRowPanel([FieldPanel("representative"), FieldPanel("handling_department")]),
        MultiFieldPanel([
            FieldRowPanel([FieldPanel("result"), FieldPanel("replied_on")]),
            FieldPanel("reply"),
            FieldPanel("consent"),
        ], heading=_("答复")),
        FieldPanel("summary"),
    ]
    edit_handler = item_edit_handler(content_panels)

    parent_page_types = ["disclosure.CatalogueColumn"]
    subpage_types = []

    class Meta:
        verbose_name = _("建议提案办理结果")
        verbose_name_plural = _("建议提案办理结果")
        constraints = [models.UniqueConstraint(fields=["kind", "year", "number"],
                                               name="proposal_reply_unique_number")]

    def clean(self):
        if self.replied_on and (not self.formed_on or self.formed_on < self.replied_on):
            self.formed_on = self.replied_on  # the publication clock starts with the reply
        super().clean()
        if not self.consent:
            raise ValidationError({"consent": _("答复全文须经代表（委员）同意后才能公开。")})

    def go_live_problem(self, moment):
        if not self.consent:
            return _("答复全文须经代表（委员）同意后才能公开。")
        return None

    def search_document(self) -> dict:
        document = super().search_document()
        document["body"] = strip_tags(str(self.reply or ""))
        document["summary"] = " ".join(filter(None, [
            self.summary, self.number, self.proposal_title, self.representative,
            self.get_kind_display(), self.get_result_display()]))
        document["issuing_body"] = self.handling_department.name
        return document


def replies_per_year(year: int) -> dict[str, int]:
    """How many replies of each kind were published for `year` (live and public only)."""
    counts = (ProposalReply.objects.live().public().filter(year=year).order_by()
              .values("kind").annotate(n=Count("pk")))
    result = {code: 0 for code, _label in KIND_CHOICES}
    result.update({row["kind"]: row["n"] for row in counts})
    return result
