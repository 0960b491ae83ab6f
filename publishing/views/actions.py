"""Withdraw and force publish: a form with the reason, then the action (Wagtail's action base)
checks the permission and does the work."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.models import Page

from publishing.actions.force_publish import ForcePublishAction
from publishing.actions.withdraw import WithdrawAction
from publishing.workflow_models import WITHDRAWAL_REASONS


class WithdrawForm(forms.Form):
    reason = forms.ChoiceField(label=_("撤回原因"), choices=WITHDRAWAL_REASONS,
                               widget=forms.RadioSelect)
    text = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("选择“其他”时必填，将在原地址的撤回公告中显示。"))


class ForcePublishForm(forms.Form):
    reason = forms.CharField(label=_("强制发布理由"), widget=forms.Textarea(attrs={"rows": 4}),
                             help_text=_("例如：突发公共卫生事件需立即发布。系统仍会进行自动保密扫描并记录结果。"))


def withdraw(request, page_id):
    return _action_view(request, page_id, WithdrawForm, _("撤回"), "publishing/admin/withdraw.html",
                        lambda page, data: WithdrawAction(page, request.user, data.get("reason"),
                                                          data.get("text")),
                        _("“%(title)s”已撤回。"), after_hook="after_withdraw_page")


def force_publish(request, page_id):
    return _action_view(request, page_id, ForcePublishForm, _("强制发布"),
                        "publishing/admin/force_publish.html",
                        lambda page, data: ForcePublishAction(page, request.user,
                                                              data.get("reason")),
                        _("“%(title)s”已强制发布，自动扫描结果已记录。"))


def _action_view(request, page_id, form_class, title, template, make_action, done,
                 after_hook=None):
    page = get_object_or_404(Page, pk=page_id).specific
    # The permission is the action's own; asked before the form is even shown.
    probe = make_action(page, {})
    if not probe.user_has_permission():
        raise probe.permission_error_class
    next_url = get_valid_next_url_from_request(request)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = make_action(page, form.cleaned_data).execute()
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, done % {"title": page.title})
            # Other apps add what they know (e.g. disclosure: pages that still link a file
            # now withdrawn as secret), as Wagtail's after_* page hooks do.
            for fn in hooks.get_hooks(after_hook) if after_hook else ():
                fn(request, page, result)
            return redirect(next_url
                            or reverse("wagtailadmin_explore", args=[page.get_parent().pk]))
    return TemplateResponse(request, template, {"page": page, "form": form, "title": title,
                                                "next": next_url})

