"""Days as the site counts them: in Asia/Shanghai, whatever the server's clock or setting.

Datetimes are stored in UTC; working days, deadlines and "today" are counted in the local
time zone of the body that runs the site. Every app asks here rather than keeping a copy.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

LOCAL_TIME_ZONE = ZoneInfo("Asia/Shanghai")


def local_today() -> date:
    """Today in Asia/Shanghai."""
    return timezone.localdate(timezone=LOCAL_TIME_ZONE)


def local_date(value) -> date | None:
    """A date as counted in Asia/Shanghai: aware datetimes are converted, dates pass through."""
    if value is None:
        return None
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(LOCAL_TIME_ZONE)
        return value.date()
    return value
