"""A page is created once per create form, however often that form is posted.

Two posts of one create form each made a page (found by the catalogue journeys in Chromium,
about one run in two on a loaded machine): Wagtail 8 autosaves the create form in the
background (a JSON post to the same "add" address, which creates the page and only then moves
the form to the page's edit address), so an editor who clicked 提交审核 while an autosave was
on its way got two pages with the same title, one of them an orphan draft in the column. A
person pressing Back and submitting the same form again did the same.

So, on the create view only:

- Autosave is off. A page that does not exist yet is not made by typing its title: the page,
  its audit entry "created" and its draft appear when the editor saves or submits. Autosave
  stays on in the edit view, where a background save is a revision of the same page (and never
  a workflow decision, see `publishing.workflow_hooks`).
- Each create form carries a one-time key. The first post that creates a page records it; a
  later post of the same form (from any process: the claim is a database row, locked for the
  duration of the post) creates nothing and sends the editor to the page already made.
"""

import re
import uuid
from functools import cache

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.pages.create import CreateView as WagtailCreateView

from publishing.workflow_models import PageCreation

CREATION_KEY = "creation_key"
KEY_PATTERN = re.compile(r"[0-9a-f]{32}")

ALREADY_CREATED = _("这份表单已经创建了页面“%(title)s”，没有重复创建。请在此核对内容后再操作。")


class CreationKeyMixin:
    """The hidden one-time key of a create form (Wagtail renders fields no panel claims)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[CREATION_KEY] = forms.CharField(
            required=False, widget=forms.HiddenInput, initial=uuid.uuid4().hex)


class CreateView(WagtailCreateView):
    """Wagtail's page create view, without autosave and creating at most one page per form."""

    def get(self, request):
        self.form_class = with_creation_key(self.form_class)
        self.autosave_enabled = False
        return super().get(request)

    def post(self, request):
        self.form_class = with_creation_key(self.form_class)
        self.autosave_enabled = False
        key = request.POST.get(CREATION_KEY, "")
        if not KEY_PATTERN.fullmatch(key):
            # A form rendered before this view existed, or a client posting without the key.
            return super().post(request)
        with transaction.atomic():
            claim = self.claim(key)
            if claim.user_id != request.user.pk:
                raise PermissionDenied
            if claim.page_id is None:
                response = super().post(request)
                if self.page.pk:
                    claim.page = self.page
                    claim.save(update_fields=["page"])
                return response
        return self.already_created(claim.page)

    def claim(self, key):
        """The key's row, locked: a second post of the same form waits here for the first."""
        # get_or_create rides out a concurrent insert of the same key (it waits on the unique
        # index, then reads the other post's row).
        PageCreation.objects.get_or_create(key=key, defaults={"user": self.request.user})
        return PageCreation.objects.select_for_update().get(key=key)

    def already_created(self, page):
        message = ALREADY_CREATED % {"title": page.get_admin_display_title()}
        if self.expects_json_response:
            return JsonResponse({"success": False, "error_code": "invalid_revision",
                                 "error_message": str(message)}, status=409)
        messages.warning(self.request, message)
        return redirect("wagtailadmin_pages:edit", page.pk)


@cache
def with_creation_key(form_class):
    if issubclass(form_class, CreationKeyMixin):
        return form_class
    return type(form_class.__name__, (CreationKeyMixin, form_class), {})
