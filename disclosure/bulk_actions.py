"""设置文种: give many policy documents their genre (文种) at once, e.g. after an import from an old
site, so that the annual report's table 二 can be counted (国办公开办函〔2021〕30号)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.views.pages.bulk_actions.page_bulk_action import PageBulkAction
from wagtail.log_actions import log

from disclosure.models.policy import GENRE_CHOICES, PolicyDocument


class SetGenreForm(forms.Form):
    genre = forms.ChoiceField(label=_("文种"), choices=GENRE_CHOICES,
                              error_messages={"required": _("请选择文种。")})


class SetGenreBulkAction(PageBulkAction):
    """Sets 文种 on the chosen policy documents: on the page and on its latest version, so a later
    publication of that version keeps it; each change is in the page's history."""

    display_name = _("设置文种")
    action_type = "set_genre"
    aria_label = _("为所选政策文件设置文种")
    template_name = "disclosure/bulk_actions/confirm_bulk_set_genre.html"
    form_class = SetGenreForm
    action_priority = 60

    def get_actionable_objects(self):
        """Pages the person may not see are neither acted on nor named (departments.visibility)."""
        from wagtail.models import Page

        from departments.visibility import only_visible

        objects, extra = super().get_actionable_objects()
        asked = [page.pk for page in [*objects, *extra["items_with_no_access"]]]
        visible = set(only_visible(Page.objects.filter(pk__in=asked), self.request.user)
                      .values_list("pk", flat=True))
        return ([page for page in objects if page.pk in visible],
                {**extra, "items_with_no_access": [
                    page for page in extra["items_with_no_access"] if page.pk in visible]})

    def check_perm(self, page):
        return (page.specific_class is PolicyDocument
                and page.permissions_for_user(self.request.user).can_edit())

    def get_execution_context(self):
        return {**super().get_execution_context(),
                "genre": self.cleaned_form.cleaned_data["genre"]}

    @classmethod
    def execute_action(cls, objects, genre=None, user=None, **kwargs):
        changed = 0
        for page in objects:
            document = PolicyDocument.objects.get(pk=page.pk)
            if document.genre == genre:
                continue
            old = document.genre
            PolicyDocument.objects.filter(pk=document.pk).update(genre=genre)
            revision = document.latest_revision
            if revision is not None and revision.content.get("genre") != genre:
                revision.content["genre"] = genre
                revision.save(update_fields=["content"])
            log(instance=document, action="disclosure.genre_changed", user=user,
                data={"old": old, "new": genre})
            changed += 1
        return changed, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext("已为 %(n)d 份政策文件设置文种。", "已为 %(n)d 份政策文件设置文种。",
                        num_parent_objects) % {"n": num_parent_objects}
