"""Admin views of the funds: importing a batch (upload → background check with a progress bar
→ masked preview → confirm), the batch's rows (masked; the full row only on request, logged),
the cross-check flags and their justification, corrections, and the office's reference lists.

Who may do what is decided by the actions (funds.actions) and funds.crosscheck; these views
only call them and report the outcome in Chinese.
"""

from __future__ import annotations

import os
import uuid

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from departments.roles import DISCLOSURE_OFFICE, has_role
from funds import idnumbers
from funds.actions import JustifyFlag, RequestCorrection, may_enter_batch
from funds.crosscheck import may_see_crosschecks
from funds.models import (
    Correction,
    DisbursementBatch,
    ImportJob,
    IneligibleEntry,
    IneligibleList,
    PaymentFlag,
    PersonalDataAccess,
)
from funds.tasks import check_import, store_import
from personaldata.masking import mask_id_number, mask_name

MAX_UPLOAD_BYTES = 60 * 1024 * 1024
ROWS_PER_PAGE = 100


class FundsAdminView(WagtailAdminTemplateMixin):
    """The shared frame: the breadcrumb ends with the batches list and this page's title."""

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items,
                {"url": reverse("funds_batch:index"), "label": _("拨付批次")},
                {"url": "", "label": self.get_page_title()}]


def visible_batch(request, pk) -> DisbursementBatch:
    """The batch, if the user is of the fund's department, the office or 纪检监察."""
    batch = get_object_or_404(DisbursementBatch.objects.select_related("fund"), pk=pk)
    if not may_see_crosschecks(request.user, batch.fund):
        raise Http404
    return batch


def import_directory() -> str:
    path = os.path.join(settings.PRIVATE_MEDIA_ROOT, "funds_imports")
    os.makedirs(path, mode=0o700, exist_ok=True)
    return path


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("发放明细文件（.xlsx 或 .csv，UTF-8 或 GBK）"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not (name.endswith(".xlsx") or name.endswith(".csv")):
            raise ValidationError(_("只能导入 .xlsx 或 .csv 文件。"))
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(_("文件超过 60 MB，请分批导入。"))
        head = upload.read(4)
        upload.seek(0)
        if name.endswith(".xlsx") and head != b"PK\x03\x04":
            raise ValidationError(_("该文件不是有效的 .xlsx 文件。"))
        return upload


class ImportView(FundsAdminView, FormView):
    """Upload a batch's file; the check runs in the background (the job page shows progress)."""

    template_name = "funds/admin/import.html"
    form_class = UploadForm
    page_title = gettext_lazy("导入发放明细")

    def dispatch(self, request, pk):
        self.batch = visible_batch(request, pk)
        if not may_enter_batch(request.user, self.batch.fund):
            raise PermissionDenied
        return super().dispatch(request, pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(batch=self.batch, freeze_reason=self.batch.freeze_reason(),
                       jobs=self.batch.import_jobs.all()[:5])
        return context

    def form_valid(self, form):
        reason = self.batch.freeze_reason()
        if reason:
            messages.error(self.request, reason)
            return redirect("funds_admin:import", self.batch.pk)
        upload = form.cleaned_data["file"]
        extension = ".xlsx" if upload.name.lower().endswith(".xlsx") else ".csv"
        path = os.path.join(import_directory(), uuid.uuid4().hex + extension)
        with open(path, "wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        job = ImportJob.objects.create(batch=self.batch, file_name=upload.name[:200],
                                       stored_path=path, created_by=self.request.user)
        transaction.on_commit(lambda: check_import.enqueue(job.pk))
        return redirect("funds_admin:job", job.pk)


class JobView(FundsAdminView, TemplateView):
    """The job's progress (a progress bar polling `?format=json`), then its errors or its
    masked preview with the confirm button."""

    template_name = "funds/admin/job.html"
    page_title = gettext_lazy("导入进度")

    def dispatch(self, request, pk):
        self.job = get_object_or_404(ImportJob.objects.select_related("batch__fund"), pk=pk)
        if not may_enter_batch(request.user, self.job.batch.fund):
            raise Http404
        return super().dispatch(request, pk)

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "json":
            job = self.job
            return JsonResponse({"state": job.state, "label": job.get_state_display(),
                                 "processed": job.processed, "finished": job.finished})
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        job = self.job
        if job.state != ImportJob.CHECKED:
            messages.error(request, _("该文件未通过检查或已处理，不能导入。"))
            return redirect("funds_admin:job", job.pk)
        ImportJob.objects.filter(pk=job.pk).update(state=ImportJob.STORING, processed=0)
        transaction.on_commit(lambda: store_import.enqueue(job.pk, request.user.pk))
        return redirect("funds_admin:job", job.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(job=self.job, batch=self.job.batch,
                       preview_columns=["行", "姓名", "身份证号", "乡镇（街道）", "村（社区）", "项目",
                                        "金额", "发放日期", "发放方式"])
        return context


class RowsView(FundsAdminView, TemplateView):
    """A batch's rows, masked; `?reveal=1` (the fund's department and the office only) shows the
    full name and ID number of the page shown, and that access is logged."""

    template_name = "funds/admin/rows.html"
    page_title = gettext_lazy("发放明细")

    def dispatch(self, request, pk):
        self.batch = visible_batch(request, pk)
        return super().dispatch(request, pk)

    def get_context_data(self, **kwargs):
        from django.core.paginator import Paginator

        context = super().get_context_data(**kwargs)
        user = self.request.user
        may_reveal = may_enter_batch(user, self.batch.fund) or has_role(user, DISCLOSURE_OFFICE)
        reveal = may_reveal and self.request.GET.get("reveal") == "1"
        page = Paginator(self.batch.payments.order_by("line").prefetch_related("flags"),
                         ROWS_PER_PAGE).get_page(self.request.GET.get("page"))
        rows = []
        for payment in page.object_list:
            rows.append({
                "line": payment.line,
                "name": payment.name if reveal else mask_name(payment.name),
                "id_number": payment.id_number if reveal else mask_id_number(payment.id_number),
                "payment": payment, "flags": list(payment.flags.all())})
        if reveal:
            PersonalDataAccess.objects.create(user=user, batch=self.batch,
                                              purpose=f"admin rows page {page.number}",
                                              rows=len(rows))
        context.update(batch=self.batch, rows=rows, page_obj=page, reveal=reveal,
                       may_reveal=may_reveal,
                       may_enter=may_enter_batch(user, self.batch.fund),
                       corrections=self.batch.corrections.select_related("payment"))
        return context


class FlagsView(FundsAdminView, TemplateView):
    """比对疑点 of a batch: seen by the fund's department, the office and 纪检监察 only; the
    department writes each one's justification."""

    template_name = "funds/admin/flags.html"
    page_title = gettext_lazy("比对疑点")

    def dispatch(self, request, pk):
        self.batch = visible_batch(request, pk)
        return super().dispatch(request, pk)

    def post(self, request, pk):
        flag = get_object_or_404(PaymentFlag, pk=request.POST.get("flag"),
                                 payment__batch=self.batch)
        try:
            JustifyFlag(flag, request.POST.get("justification"), user=request.user).execute()
        except PermissionDenied as error:
            messages.error(request, str(error) or _("没有权限。"))
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, _("情况说明已保存。"))
        return redirect("funds_admin:flags", self.batch.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        flags = (PaymentFlag.objects.filter(payment__batch=self.batch)
                 .select_related("payment", "justified_by").order_by("payment__line", "rule"))
        context.update(batch=self.batch, may_enter=may_enter_batch(self.request.user,
                                                                   self.batch.fund),
                       flags=[{"flag": flag, "name": mask_name(flag.payment.name),
                               "id_number": mask_id_number(flag.payment.id_number)}
                              for flag in flags])
        return context


class CorrectionForm(forms.Form):
    line = forms.IntegerField(label=gettext_lazy("文件行号"), min_value=2)
    field = forms.ChoiceField(label=gettext_lazy("更正项目"),
                              choices=Correction._meta.get_field("field").choices)
    new_value = forms.CharField(label=gettext_lazy("更正为"), max_length=100)
    reason = forms.CharField(label=gettext_lazy("更正原因"), widget=forms.Textarea, max_length=1000)


class CorrectionView(FundsAdminView, FormView):
    """Request a correction; it is applied when the batch page passes the workflow again."""

    template_name = "funds/admin/correction.html"
    form_class = CorrectionForm
    page_title = gettext_lazy("提交更正")

    def dispatch(self, request, pk):
        self.batch = visible_batch(request, pk)
        if not may_enter_batch(request.user, self.batch.fund):
            raise PermissionDenied
        return super().dispatch(request, pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["batch"] = self.batch
        return context

    def form_valid(self, form):
        try:
            RequestCorrection(self.batch, user=self.request.user, **form.cleaned_data).execute()
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            return self.form_invalid(form)
        messages.success(self.request, _(
            "更正已登记，请在批次公开页面填写更正说明并提交审批；签发后更正生效并公开。"))
        return redirect("funds_admin:rows", self.batch.pk)


class ReferenceListForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("名单名称"), max_length=100)
    reason = forms.CharField(label=gettext_lazy("不得享受的原因"), max_length=200)
    file = forms.FileField(label=gettext_lazy("身份证号清单（.csv 或 .txt，每行一个）"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 20 * 1024 * 1024:
            raise ValidationError(_("文件超过 20 MB。"))
        raw = upload.read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("gb18030", errors="replace")
        numbers, errors = [], []
        for line_number, line in enumerate(text.splitlines(), start=1):
            cell = idnumbers.normalise(line.split(",")[0])
            if not cell:
                continue
            if not idnumbers.is_valid(cell):
                errors.append(_("第 %(line)s 行：身份证号无效。") % {"line": line_number})
            else:
                numbers.append(cell)
        if errors:
            raise ValidationError(errors[:20])
        if not numbers:
            raise ValidationError(_("文件中没有身份证号。"))
        return numbers


class ReferenceListView(FundsAdminView, FormView):
    """The office uploads a reference list; IDs are kept only as keyed hashes."""

    template_name = "funds/admin/reference_lists.html"
    form_class = ReferenceListForm
    page_title = gettext_lazy("比对参考名单")

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not (user.is_superuser or has_role(user, DISCLOSURE_OFFICE)):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["lists"] = IneligibleList.objects.order_by("-uploaded_at")
        return context

    def form_valid(self, form):
        from funds.crosscheck import run_crosschecks

        with transaction.atomic():
            reference = IneligibleList.objects.create(
                name=form.cleaned_data["name"], reason=form.cleaned_data["reason"],
                uploaded_by=self.request.user)
            IneligibleEntry.objects.bulk_create(
                [IneligibleEntry(reference_list=reference, id_digest=idnumbers.digest(number))
                 for number in set(form.cleaned_data["file"])], batch_size=2000)
            for batch in DisbursementBatch.objects.filter(signed_off_at__isnull=True):
                run_crosschecks(batch)
        messages.success(self.request, _("名单已导入，共 %(n)s 个身份证号，未签发批次已重新比对。") % {
            "n": reference.entries.count()})
        return redirect(reverse("funds_admin:reference_lists"))
