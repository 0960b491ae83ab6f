"""The demo loader: the page and applications in several states, once."""

import pytest

from applications import demo as applications_demo
from applications.models import (
    ApplicationPage,
    DisclosureApplication,
    ReplyDraft,
    Routing,
    State,
)
from portal import demo as portal_demo

pytestmark = pytest.mark.django_db


def test_demo_loads_page_and_applications_in_several_states_once():
    site = portal_demo.load()
    applications_demo.load(site)
    applications_demo.load(site)
    assert ApplicationPage.objects.count() == 1
    states = set(DisclosureApplication.objects.values_list("state", flat=True))
    assert {State.SUBMITTED, State.IN_PROGRESS, State.AWAITING_CORRECTION, State.CONSULTING,
            State.CLOSED} <= states
    assert DisclosureApplication.objects.count() == 7
    closed = DisclosureApplication.objects.get(state=State.CLOSED)
    assert closed.reply_type == "partly_disclosed" and closed.letters.exists()
    assert closed.check_query_code(f"YANSHI{closed.serial:04d}")
    # The handbook's flow (issue 22): a routing waiting for review, a reply returned once and
    # its new draft waiting for the department head, with its letter ready to read.
    assert DisclosureApplication.objects.filter(routing=Routing.PROPOSED).count() == 1
    drafts = ReplyDraft.objects.exclude(state=ReplyDraft.State.SENT)
    assert sorted(drafts.values_list("state", flat=True)) == ["pending", "returned"]
    assert drafts.get(state="pending").letter_status == ReplyDraft.LetterStatus.READY
