"""What a public page shows of the messages about it: a livelihood fund's page lists the
complaints about the fund and how they were handled (民生资金信息公开 000 第四条 (6)), with a
link that opens the complaint form already about the fund."""

from urllib.parse import urlencode

from django import template
from django.db.models import Count, Q

from workdays.local_time import local_today

from ..models import Channel, ChannelKind, InteractionPage, PublicMessage

register = template.Library()

# How many published complaints the page lists (the rest are in 互动交流, searchable).
LISTED = 10


@register.inclusion_tag("interaction/complaints_about.html", takes_context=True)
def complaints_about(context, page, subject=""):
    """The complaints about `page`: this year's counts, the published ones with their
    answers' dates, and the link to complain (to the complaint channel, under `subject`)."""
    messages = PublicMessage.objects.filter(about_page=page)
    year = local_today().year
    counts = messages.aggregate(
        received=Count("pk", filter=Q(received_on__year=year)),
        replied=Count("pk", filter=Q(received_on__year=year, first_replied_on__isnull=False)))
    replied = messages.filter(received_on__year=year, first_replied_on__isnull=False) \
        .values_list("received_on", "first_replied_on")
    days = [(answered - received).days for received, answered in replied]
    published = (messages.exclude(published_at=None)
                 .order_by("-received_on", "-pk")[:LISTED])
    listing = InteractionPage.objects.live().public().first()
    write_url = ""
    if listing is not None:
        channel = Channel.objects.filter(kind=ChannelKind.COMPLAINT, is_active=True).first()
        query = {"about": page.pk}
        if channel is not None:
            query["channel"] = channel.pk
            chosen = channel.subjects.filter(name=subject).first() if subject else None
            if chosen is not None:
                query["subject"] = chosen.pk
        write_url = listing.get_url(context.get("request")) + \
            listing.reverse_subpage("write") + "?" + urlencode(query)
    return {
        "year": year, "counts": counts, "published": published, "listing": listing,
        "average_days": round(sum(days) / len(days), 1) if days else None,
        "write_url": write_url, "request": context.get("request"),
    }
