"""Cross-checks (比对) of a batch's rows before publication (corpus 001 第十六、二十四条).

The rules flag rows for the fund's department: the same ID paid twice for the same fund and
period, a payment above the fund's standard, an ID on one of the office's reference lists of
people who may not receive it. A flagged row needs a written justification before the batch
can go live (`FundBatchPage.go_live_problem`). The flags and the lists are seen only by the
fund's department, the disclosure office and 纪检监察 (`may_see_crosschecks`).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from departments.roles import DISCIPLINE_INSPECTION, DISCLOSURE_OFFICE, departments_of, has_role


def may_see_crosschecks(user, fund) -> bool:
    """The fund's department, the disclosure office and the discipline-inspection role."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if user.is_superuser or has_role(user, DISCLOSURE_OFFICE) or has_role(
            user, DISCIPLINE_INSPECTION):
        return True
    return departments_of(user).filter(pk=fund.department_id).exists()


def run_crosschecks(batch) -> int:
    """(Re)compute the flags of `batch`, keeping the justification of a flag that stays.
    Returns how many rows are flagged."""
    from funds.models import IneligibleEntry, Payment, PaymentFlag

    found: dict[tuple[int, str], str] = {}
    payments = batch.payments.values_list("pk", "id_digest", "amount", "standard")
    digests = {}
    fund_standard = batch.fund.standard
    for pk, digest, amount, standard in payments.iterator(chunk_size=5000):
        digests.setdefault(digest, []).append(pk)
        limit = standard if standard is not None else fund_standard
        if limit is not None and amount > limit:
            found[(pk, PaymentFlag.ABOVE_STANDARD)] = _(
                "发放金额 %(amount)s 元高于标准 %(limit)s 元") % {
                "amount": f"{amount:.2f}", "limit": f"{limit:.2f}"}
    others = (Payment.objects.filter(batch__fund_id=batch.fund_id, batch__period=batch.period)
              .exclude(batch_id=batch.pk).filter(id_digest__in=list(digests))
              .values_list("id_digest", "batch__name"))
    for digest, other in others.iterator(chunk_size=5000):
        for pk in digests.get(digest, []):
            found[(pk, PaymentFlag.DUPLICATE)] = _("同一期间已在“%(batch)s”中发放") % {
                "batch": other}
    for pks in digests.values():
        if len(pks) > 1:
            for pk in pks:
                found[(pk, PaymentFlag.DUPLICATE)] = _("同一批次内重复")
    listed = (IneligibleEntry.objects.filter(id_digest__in=list(digests))
              .values_list("id_digest", "reference_list__name", "reference_list__reason"))
    for digest, list_name, reason in listed.iterator(chunk_size=5000):
        for pk in digests.get(digest, []):
            found[(pk, PaymentFlag.INELIGIBLE)] = _("在“%(list)s”中：%(reason)s") % {
                "list": list_name, "reason": reason}
    existing = {(flag.payment_id, flag.rule): flag
                for flag in PaymentFlag.objects.filter(payment__batch=batch)}
    stale = [flag.pk for key, flag in existing.items() if key not in found]
    PaymentFlag.objects.filter(pk__in=stale).delete()
    PaymentFlag.objects.bulk_create([
        PaymentFlag(payment_id=pk, rule=rule, detail=detail[:300])
        for (pk, rule), detail in found.items() if (pk, rule) not in existing])
    return len({pk for pk, _rule in found})
