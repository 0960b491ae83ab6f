"""External links in live content: checked only where the site's network allows it.

Off by default: a government intranet server often may not go onto the internet, and the
result then says the check was skipped and why. Settings (environment variables of the same
name, portal/settings/base.py):
- INSPECTION_CHECK_EXTERNAL_LINKS (false): check them at all;
- INSPECTION_EXTERNAL_TIMEOUT (5 s): per request;
- INSPECTION_EXTERNAL_MAX_PER_RUN (200): how many addresses one run checks; the rest wait for
  the next run, never-checked ones first, then the longest unchecked;
- INSPECTION_EXTERNAL_BUDGET_SECONDS (120): a run stops checking when this much time is spent;
- INSPECTION_EXTERNAL_RECHECK_DAYS (7): an address checked more recently is not asked again.

Each address is asked with HEAD first; a server that refuses HEAD or answers with an error is
asked again with GET (some servers answer HEAD wrongly). Status 400 and above, or no answer
within the timeout, is a dead link (检查指标 可用性: 链接可用性, costs points, no single veto).
The addresses come from the per-page store (inspection.store): links read from live pages.
"""

import time
import urllib.error
import urllib.request
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

USER_AGENT = "portal-inspection/1.0 (link check)"


def enabled() -> bool:
    return bool(getattr(settings, "INSPECTION_CHECK_EXTERNAL_LINKS", False))


def _setting(name, default):
    return getattr(settings, name, default)


def external_note() -> str:
    if not enabled():
        return _("外部链接未检查：未开启外部链接检查（INSPECTION_CHECK_EXTERNAL_LINKS），"
                 "本站服务器可能不允许访问外网。")
    return ""


def check_external_links(site) -> str:
    """Ask up to the run's cap of the external addresses due; return the note of the result."""
    from .models import ExternalLink, PageLink

    if not enabled():
        return external_note()
    now = timezone.now()
    recheck_before = now - timedelta(days=_setting("INSPECTION_EXTERNAL_RECHECK_DAYS", 7))
    addresses = set(PageLink.objects.filter(site=site, kind="external")
                    .values_list("target_path", flat=True).distinct())
    known = dict(ExternalLink.objects.filter(url__in=addresses).values_list("url", "checked_at"))
    due = sorted((url for url in addresses if url not in known or known[url] < recheck_before),
                 key=lambda url: (url in known, known.get(url) or now, url))
    cap = _setting("INSPECTION_EXTERNAL_MAX_PER_RUN", 200)
    budget = _setting("INSPECTION_EXTERNAL_BUDGET_SECONDS", 120)
    timeout = _setting("INSPECTION_EXTERNAL_TIMEOUT", 5)
    started = time.monotonic()
    checked = 0
    for url in due[:cap]:
        if time.monotonic() - started > budget:
            break
        status, error = probe(url, timeout)
        ExternalLink.objects.update_or_create(url=url, defaults={
            "checked_at": timezone.now(), "status": status, "error": error[:200],
            "ok": status is not None and status < 400})
        checked += 1
    waiting = len(due) - checked
    note = _("外部链接：共%(total)s个地址，本次检查%(checked)s个") % {
        "total": len(addresses), "checked": checked}
    if waiting:
        note += _("，%(waiting)s个待下次检查（每次最多%(cap)s个、%(budget)s秒）") % {
            "waiting": waiting, "cap": cap, "budget": budget}
    return note + _("。")


def probe(url: str, timeout: float) -> tuple:
    """(HTTP status or None, error text): HEAD, then GET when HEAD fails."""
    status, error = _ask(url, "HEAD", timeout)
    if status is None or status >= 400:
        status, error = _ask(url, "GET", timeout)
    return status, error


def _ask(url, method, timeout):
    if not url.startswith(("http://", "https://")):  # never file: or another scheme
        return None, _("不是 http/https 地址")
    request = urllib.request.Request(  # noqa: S310 (the scheme is checked above)
        url, method=method, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, ""
    except urllib.error.HTTPError as failure:
        return failure.code, ""
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as failure:
        return None, str(getattr(failure, "reason", failure))


def findings(site, live_titles) -> dict:
    """{page id: [Finding]} for each live page linking to an address found dead."""
    from .models import ExternalLink, PageLink
    from .rules import FAULT, Finding

    if not enabled():
        return {}
    dead = {link.url: link for link in ExternalLink.objects.filter(ok=False)}
    found = {}
    if not dead:
        return found
    for source, url in (PageLink.objects.filter(site=site, kind="external", target_path__in=list(dead))
                        .order_by("source_id", "pk").values_list("source_id", "target_path")):
        if source not in live_titles:
            continue
        link = dead[url]
        why = _("HTTP %(status)s") % {"status": link.status} if link.status else (
            link.error or _("无响应"))
        found.setdefault(source, []).append(Finding(
            "links", FAULT, _("“%(title)s”中外部链接 %(url)s 无法打开（%(why)s）") % {
                "title": live_titles[source], "url": url, "why": why},
            source, live_titles[source], url))
    return found
