"""Work news (工作动态) and public notices (公示公告)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
)
from wagtail.fields import RichTextField

from disclosure.models.items import DisclosureItem, item_edit_handler, local_today

# corpus 004 网站管理制度 第十五条: work news within 2 working days (the column's `news` rule).


class WorkNews(DisclosureItem):
    """A work-news report (工作动态): what happened, when and where, with an optional photo."""

    happened_on = models.DateField(_("活动日期"), default=local_today,
                                   help_text=_("工作动态须在活动后2个工作日内发布。"))
    place = models.CharField(_("地点"), max_length=100, blank=True)
    body = RichTextField(_("正文"))
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("新闻图片"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    image_caption = models.CharField(_("图片说明"), max_length=200, blank=True,
                                     help_text=_("同时作为图片的替代文字。"))

    content_panels = DisclosureItem.title_panels + [
        FieldRowPanel([FieldPanel("happened_on"), FieldPanel("place")]),
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_caption")],
                        heading=_("图片")),
    ]
    edit_handler = item_edit_handler(content_panels)

    parent_page_types = ["disclosure.CatalogueColumn"]
    subpage_types = []

    class Meta:
        verbose_name = _("工作动态")
        verbose_name_plural = _("工作动态")

    def clean(self):
        # The clock of a news item starts on the day the event happened.
        if self.happened_on and (not self.formed_on or self.formed_on < self.happened_on):
            self.formed_on = self.happened_on
        super().clean()
        errors = {}
        if self.happened_on and self.happened_on > local_today():
            errors["happened_on"] = _("活动日期不能晚于今天。")
        if self.image_id and not self.image_caption.strip():
            errors["image_caption"] = _("请填写图片说明，方便视障人士阅读。")
        if errors:
            raise ValidationError(errors)


NOTICE_KINDS = [
    ("publicity", _("公示")),
    ("announcement", _("公告")),
    ("circular", _("通告")),
    ("procurement", _("招标采购")),
    ("recruitment", _("招聘录用")),
    ("consultation", _("意见征集")),
]
# Notices that run for a stated period within which the public may object or comment.
KINDS_WITH_PERIOD = {"publicity", "consultation"}


class PublicNotice(DisclosureItem):
    """A public notice (公示公告); a publicity or consultation notice runs for a stated period
    with a way to object or comment."""

    kind = models.CharField(_("类别"), max_length=20, choices=NOTICE_KINDS, default="announcement")
    issuing_body = models.CharField(_("发布机关"), max_length=100, blank=True)
    body = RichTextField(_("正文"))
    period_start = models.DateField(_("公示（征集）开始日期"), null=True, blank=True)
    period_end = models.DateField(_("公示（征集）截止日期"), null=True, blank=True)
    contact = models.CharField(
        _("意见反馈方式"), max_length=300, blank=True,
        help_text=_("公示期内反映意见的联系人、电话、邮箱或地址。"),
    )

    content_panels = DisclosureItem.title_panels + [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("issuing_body")]),
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel([
            FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")]),
            FieldPanel("contact"),
        ], heading=_("公示期")),
    ]
    edit_handler = item_edit_handler(content_panels)

    parent_page_types = ["disclosure.CatalogueColumn"]
    subpage_types = []

    class Meta:
        verbose_name = _("公示公告")
        verbose_name_plural = _("公示公告")

    def clean(self):
        super().clean()
        errors = {}
        if self.kind in KINDS_WITH_PERIOD:
            if not self.period_start:
                errors["period_start"] = _("公示和意见征集须填写开始日期。")
            if not self.period_end:
                errors["period_end"] = _("公示和意见征集须填写截止日期。")
            if not self.contact.strip():
                errors["contact"] = _("请填写公示期内反映意见的方式。")
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = _("截止日期不能早于开始日期。")
        if errors:
            raise ValidationError(errors)

    def period_state(self, today=None):
        """'upcoming', 'open' or 'closed' for a notice with a period, else ''."""
        if not (self.period_start and self.period_end):
            return ""
        today = today or local_today()
        if today < self.period_start:
            return "upcoming"
        if today > self.period_end:
            return "closed"
        return "open"

    def search_document(self) -> dict:
        document = super().search_document()
        document["issuing_body"] = self.issuing_body
        return document
