"""Information-processing fees (条例 第四十二条; 国办函〔2020〕109号《政府信息公开信息处理费管理办法》).

Fees are charged only for clearly excessive volume, by one of two methods (never both for one
application): by the number of applications the same applicant made in a calendar month
(按件计收), or by the pages of one application (按量计收). The tariff is the setting
APPLICATION_FEE_TARIFF (applications.conf), which names its source.
"""

from decimal import Decimal

from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .conf import setting

PER_APPLICATION = "per_application"
PER_PAGE = "per_page"
METHOD_CHOICES = [(PER_APPLICATION, _("按件计收")), (PER_PAGE, _("按量计收"))]


def fee_for_nth_application(n: int) -> Decimal:
    """The fee for the applicant's nth application of the month (按件计收)."""
    tariff = setting("APPLICATION_FEE_TARIFF")
    bands = tariff["per_application"]
    for up_to, price in bands:
        if n <= up_to:
            return Decimal(price)
    last_limit, last_price = bands[-1]
    step, increase = tariff["per_application_step"]
    return Decimal(last_price + increase * ((n - last_limit - 1) // step + 1))


def fee_for_pages(pages: int) -> Decimal:
    """The fee for one application of `pages` pages (按量计收), band by band."""
    total = Decimal(0)
    lower = 0
    for up_to, price in setting("APPLICATION_FEE_TARIFF")["per_page"]:
        upper = pages if up_to is None else min(pages, up_to)
        if upper > lower:
            total += Decimal(price) * (upper - lower)
        if up_to is None or pages <= up_to:
            break
        lower = up_to
    return total


def applications_in_month(application) -> int:
    """Which of the applicant's applications this is in its calendar month (1-based)."""
    from .models import DisclosureApplication

    key = application.identity_key
    if not key:
        return 1
    moment = timezone.localtime(application.submitted_at)
    field = "credit_code" if application.is_organisation else "id_number"
    return (DisclosureApplication.objects.annotate(key=Upper(field))
            .filter(key=key, submitted_at__year=moment.year, submitted_at__month=moment.month,
                    submitted_at__lte=application.submitted_at)
            .count())


def fee(application, method: str, pages: int = 0) -> Decimal:
    if method == PER_APPLICATION:
        return fee_for_nth_application(applications_in_month(application))
    return fee_for_pages(pages)


def tariff_source() -> str:
    return setting("APPLICATION_FEE_TARIFF")["source"]
