"""External links in live content: checked only where the site's network allows it.

Off by default (INSPECTION_CHECK_EXTERNAL_LINKS): a government intranet server often may not
go onto the internet, and the result then says the check was skipped and why.
"""

from django.conf import settings
from django.utils.translation import gettext as _


def enabled() -> bool:
    return bool(getattr(settings, "INSPECTION_CHECK_EXTERNAL_LINKS", False))


def external_note() -> str:
    if not enabled():
        return _("外部链接未检查：未开启外部链接检查（INSPECTION_CHECK_EXTERNAL_LINKS），"
                 "本站服务器可能不允许访问外网。")
    return ""
