"""The public side of the funds: a fund's page (policies, allocations, batches, statistics with
charts), a batch's masked list (paged, filtered by township and village), the masked .xlsx
download and the beneficiary's own query.

Nothing here shows a name or ID number unmasked (条例 第十五条): rows go through
`funds.public_rows.public_row`, and an emergency-aid fund shows only its totals by disease
category and township (002).
"""

from __future__ import annotations

import hashlib
import hmac
import io
import logging
import time
from urllib.parse import quote

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect

from clientaddress import client_address
from funds import idnumbers
from funds.public_rows import PUBLIC_COLUMNS, public_row
from funds.statistics import emergency_aid_table
from personaldata.masking import mask_id_number, mask_name

logger = logging.getLogger(__name__)


def download_batch(request, fund, batch_page_id):
    """The batch as a masked .xlsx: the public list, or the aid summary for emergency aid."""
    from openpyxl import Workbook

    from funds.models import FundBatchPage

    page = (FundBatchPage.objects.child_of(fund).live().public().select_related("batch")
            .filter(pk=batch_page_id).first())
    if page is None:
        raise Http404
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("发放明细"))
    if fund.is_emergency_aid:
        sheet.append([_("病种类别"), _("乡镇（街道）"), _("人次"), _("金额（元）")])
        for row in emergency_aid_table(page.batch):
            sheet.append(list(row))
    else:
        sheet.append(list(PUBLIC_COLUMNS))
        for payment in page.batch.payments.order_by("line").iterator(chunk_size=5000):
            sheet.append(list(public_row(payment)))
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    filename = f"{fund.slug}-{page.batch.period}.xlsx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


# --- the beneficiary's own query -----------------------------------------------------------


@csrf_protect
def beneficiary_query(request, index_page):
    """Full name + ID number → that person's own payments in published batches, exact match.

    Throttled per client across workers (the shared cache `FUNDS_THROTTLE_CACHE`); every query
    is logged with the ID only as its keyed hash; a miss and a hit do the same work and answer
    no sooner than FUNDS_QUERY_MIN_SECONDS, so timing tells nothing."""
    from funds.models import BeneficiaryQuery

    context = {"page": index_page, "self": index_page, "results": None, "error": ""}
    if request.method != "POST":
        return render(request, "funds/beneficiary_query.html", context)
    started = time.monotonic()
    name = (request.POST.get("name") or "").strip()[:50]
    id_number = idnumbers.normalise(request.POST.get("id_number") or "")[:18]
    client = client_digest(request)
    if throttled(client):
        context["error"] = _("查询过于频繁，请稍后再试。")
        response = render(request, "funds/beneficiary_query.html", context, status=429)
        return response
    if not name or not idnumbers.is_valid(id_number):
        context["error"] = _("请填写完整的姓名和有效的 18 位身份证号。")
        pad_to_minimum(started)
        return render(request, "funds/beneficiary_query.html", context, status=400)
    try:
        digest = idnumbers.digest(id_number)
    except ImproperlyConfigured:
        logger.error("FUNDS_ID_HASH_KEY is not set: the beneficiary query is unavailable")
        context["error"] = _("查询服务暂不可用，请稍后再试。")
        return render(request, "funds/beneficiary_query.html", context, status=503)
    results = own_payments(digest, name)
    BeneficiaryQuery.objects.create(id_digest=digest, found=bool(results), client=client)
    context["results"] = results
    context["masked_id"] = mask_id_number(id_number)
    context["masked_name"] = mask_name(name)
    pad_to_minimum(started)
    return render(request, "funds/beneficiary_query.html", context)


def own_payments(digest: str, name: str) -> list[dict]:
    """The payments in published batches whose ID hash is `digest` and whose name is `name`
    exactly; every candidate's name is compared in constant time, so a near miss costs what a
    hit costs."""
    from funds.models import FundBatchPage, Payment

    live = FundBatchPage.objects.live().public().values("batch_id")
    candidates = (Payment.objects.filter(id_digest=digest, batch_id__in=live)
                  .select_related("batch", "batch__fund").order_by("-paid_on"))
    wanted = name.encode()
    results = []
    for payment in candidates:
        if hmac.compare_digest(payment.name.encode(), wanted):
            results.append({"fund": payment.batch.fund.title, "batch": payment.batch.name,
                            "project": payment.project, "amount": payment.amount,
                            "paid_on": payment.paid_on, "method": payment.method})
    return results


def client_digest(request) -> str:
    """A keyed hash of the client's address (the one `clientaddress` trusts: behind nginx every
    request's REMOTE_ADDR is the proxy's): throttled and logged without storing it."""
    address = client_address(request)
    key = settings.FUNDS_ID_HASH_KEY.encode()
    return hmac.new(key, b"client:" + address.encode(), hashlib.sha256).hexdigest()[:32]


def throttled(client: str) -> bool:
    """True once a client has asked FUNDS_QUERY_LIMIT times within FUNDS_QUERY_WINDOW seconds.
    The counter lives in the cache FUNDS_THROTTLE_CACHE (a database cache by default) so every
    worker process counts the same queries."""
    cache = caches[getattr(settings, "FUNDS_THROTTLE_CACHE", "default")]
    limit = int(getattr(settings, "FUNDS_QUERY_LIMIT", 10))
    window = int(getattr(settings, "FUNDS_QUERY_WINDOW", 600))
    key = f"funds:query:{client}"
    if cache.add(key, 1, window):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, window)
        return False
    return count > limit


def pad_to_minimum(started: float) -> None:
    minimum = float(getattr(settings, "FUNDS_QUERY_MIN_SECONDS", 0.3))
    left = minimum - (time.monotonic() - started)
    if left > 0:
        time.sleep(left)
