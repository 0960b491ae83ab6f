"""Withdraw and force publish: a form with the reason, then the action class does the work."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
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
    page = get_object_or_404(Page, pk=page_id).specific
    if not page.permissions_for_user(request.user).can_unpublish():
        raise PermissionDenied
    return _action_view(request, page, WithdrawForm, _("撤回"), "publishing/admin/withdraw.html",
                        lambda data: WithdrawAction(page, request.user, data["reason"],
                                                    data["text"]),
                        _("“%(title)s”已撤回。"), after_hook="after_withdraw_page")


def force_publish(request, page_id):
    page = get_object_or_404(Page, pk=page_id).specific
    if not request.user.has_perm("publishing.force_publish"):
        raise PermissionDenied
    return _action_view(request, page, ForcePublishForm, _("强制发布"),
                        "publishing/admin/force_publish.html",
                        lambda data: ForcePublishAction(page, request.user, data["reason"]),
                        _("“%(title)s”已强制发布，自动扫描结果已记录。"))


def _action_view(request, page, form_class, title, template, make_action, done,
                 after_hook=None):
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        action = make_action(form.cleaned_data)
        try:
            result = action.execute()
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, done % {"title": page.title})
            # Other apps add what they know (e.g. disclosure: pages that still link a file
            # now withdrawn as secret), as Wagtail's after_* page hooks do.
            for fn in hooks.get_hooks(after_hook) if after_hook else ():
                fn(request, page, result)
            return redirect("wagtailadmin_explore", page.get_parent().pk)
    return TemplateResponse(request, template, {"page": page, "form": form, "title": title})
