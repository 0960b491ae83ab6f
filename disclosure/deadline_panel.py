"""A read-only "公开期限" panel for the edit page of a disclosure item.

`DisclosureItem` includes it in its meta panels:

    from disclosure.deadline_panel import DeadlinePanel
    meta_panels = [FieldPanel("formed_on"), DeadlinePanel(), ...]

It shows the due date, whether it is provisional, how many working days are left (or how far
past it the item is), the rule it comes from, and every recorded move of the date.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

from disclosure.deadlines import deadline_summary

DEFAULT_HEADING = _("公开期限")


class DeadlinePanel(Panel):
    """Shows the item's publication deadline; nothing in it is editable."""

    def __init__(self, heading=DEFAULT_HEADING, **kwargs):
        super().__init__(heading=heading, **kwargs)

    @property
    def clean_name(self):
        return super().clean_name or "deadline"

    class BoundPanel(Panel.BoundPanel):
        template_name = "disclosure/deadline_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["deadline"] = deadline_summary(self.instance)
            return context
