"""What a fund's page and a batch's page show: policies, allocations, batches, statistics with
their charts, and a batch's masked rows, paged and filtered by township and village."""

from __future__ import annotations

from urllib.parse import quote

from django.core.paginator import Paginator
from django.utils.translation import gettext as _

from funds.charts import bar_chart
from funds.public_rows import PUBLIC_COLUMNS, public_row
from funds.statistics import emergency_aid_table, fund_statistics
from personaldata.masking import mask_name

PAGE_SIZE = 50


def fund_context(fund) -> dict:
    from funds.models import FundBatchPage

    batches = (FundBatchPage.objects.child_of(fund).live().public().select_related("batch")
               .order_by("-batch__paid_on"))
    stats = fund_statistics(fund)
    charts = []
    for key, title in (("by_project", _("按项目统计")), ("by_township", _("按乡镇（街道）统计")),
                       ("by_year", _("按年度统计"))):
        rows = stats[key]
        charts.append({"title": title, "rows": rows,
                       "svg": bar_chart(title, [(label, amount) for label, _n, amount in rows])})
    return {"batch_pages": batches, "charts": charts, "statistics_pending": stats["pending"],
            "policies": fund.policies.select_related("page"),
            "allocations": fund.allocations.all()}


def batch_context(request, page) -> dict:
    batch = page.batch
    context = {"batch": batch, "corrections": batch.corrections.filter(state="applied")
               .select_related("payment"), "emergency": batch.fund.is_emergency_aid}
    context["correction_rows"] = [
        {"who": mask_name(c.payment.name), "field": c.get_field_display(), "old": c.old_value,
         "new": c.new_value, "reason": c.reason, "on": c.applied_at}
        for c in context["corrections"]]
    if batch.fund.is_emergency_aid:
        context["aid_rows"] = emergency_aid_table(batch)
        return context
    rows = batch.payments.order_by("line")
    township = request.GET.get("township", "").strip()[:50]
    village = request.GET.get("village", "").strip()[:50]
    if township:
        rows = rows.filter(township=township)
    if village:
        rows = rows.filter(village=village)
    paginator = Paginator(rows, PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    context.update(
        columns=PUBLIC_COLUMNS, page_obj=page_obj,
        rows=[public_row(payment) for payment in page_obj.object_list],
        townships=batch.payments.order_by("township").values_list("township", flat=True)
        .distinct(),
        villages=(batch.payments.filter(township=township) if township else batch.payments)
        .order_by("village").values_list("village", flat=True).distinct(),
        township=township, village=village,
        filter_query="&".join(f"{k}={quote(v)}" for k, v in (("township", township),
                                                               ("village", village)) if v))
    return context
