"""Template tags of the catalogue: the latest entries (for the home page), the QR code of a page."""

import hashlib

import segno
from django import template
from django.core.cache import cache
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()


@register.inclusion_tag("disclosure/includes/latest_items.html", takes_context=True)
def latest_disclosures(context, limit=8, heading=None):
    """The newest live, public catalogue entries, as a titled list with dates.

    For the home page: `{% load disclosure_tags %}{% latest_disclosures 8 %}`.
    """
    from disclosure.listings import latest_items
    from disclosure.models import CatalogueRoot
    from disclosure.publicity import public_only

    return {
        "request": context.get("request"),
        "heading": heading or _("最新公开信息"),
        "items": latest_items(limit=int(limit), specific=False),
        "catalogue": public_only(CatalogueRoot.objects.live()).first(),
    }


@register.simple_tag(takes_context=True)
def page_qr_code(context, page):
    """An inline SVG QR code (made on the server with segno) that opens `page` on a phone.

    Drawing it takes about a tenth of a page's time, and it depends only on the URL: it is made
    once per URL and kept in Django's cache."""
    request = context.get("request")
    url = page.get_full_url(request=request)
    if not url:
        return ""
    key = f"disclosure:qr:{get_language()}:" + hashlib.sha256(url.encode()).hexdigest()
    svg = cache.get(key)
    if svg is None:
        svg = _qr_svg(url)
        cache.set(key, svg, 30 * 24 * 3600)
    return mark_safe(svg)  # noqa: S308 (made by segno from the URL, below)


def _qr_svg(url: str) -> str:
    qr = segno.make(url, error="m")
    svg = qr.svg_inline(scale=3, border=2, title=_("用手机扫描二维码打开本页"),
                        svgclass="qr-code", lineclass="qr-line")
    return svg.replace("<svg ", '<svg role="img" focusable="false" ', 1)


@register.filter
def index_number_html(index_number):
    """An 索引号 that a narrow screen may wrap only after its "/": each part stays whole, so a
    reader never sees "2023-" at the end of one line and "00001" on the next."""
    parts = str(index_number).split("/")
    return mark_safe("/<wbr>".join(  # noqa: S308 (every part is escaped by format_html)
        format_html('<span class="index-number">{}</span>', part) for part in parts))


@register.inclusion_tag("disclosure/includes/catalogue_sections.html")
def catalogue_sections(heading_level=2):
    """The four standard sections of the 政府信息公开 column (国办公开办函〔2019〕61号), in order,
    wherever they are linked from (the catalogue root, the home page)."""
    from disclosure.models import CatalogueRoot
    from disclosure.models.sections import section_links
    from disclosure.publicity import public_only

    catalogue = public_only(CatalogueRoot.objects.live()).first()
    return {"sections": section_links(catalogue) if catalogue else [],
            "catalogue": catalogue, "heading_level": heading_level}
