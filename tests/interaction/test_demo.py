"""The demo: every channel with messages in every state, one complaint escalated twice, once."""

import pytest

from interaction import demo as interaction_demo
from interaction.models import Channel, InteractionPage, PublicMessage, Stage, State
from portal import demo as portal_demo

pytestmark = pytest.mark.django_db


def test_demo_loads_every_channel_and_state_and_one_escalated_twice_once():
    site = portal_demo.load()
    interaction_demo.load(site)
    interaction_demo.load(site)
    assert InteractionPage.objects.count() == 1
    assert PublicMessage.objects.count() == len(interaction_demo.MESSAGES)
    assert set(PublicMessage.objects.values_list("state", flat=True)) == set(State.values)
    for channel in Channel.objects.all():
        states = set(channel.messages.values_list("state", flat=True))
        assert {State.SUBMITTED, State.ACCEPTED, State.REPLIED, State.CLOSED,
                State.REFUSED} <= states, channel.name
    twice = PublicMessage.objects.get(state=State.TRANSFERRED_OUT)
    assert twice.stage == Stage.LEVEL_ABOVE and twice.approved_replies().count() == 2
    assert twice.events.filter(kind="dissatisfied").count() == 2
    assert PublicMessage.objects.filter(stage=Stage.DISCIPLINE, state=State.ACCEPTED).exists()
    assert PublicMessage.objects.exclude(published_at=None).exists()
    assert not PublicMessage.objects.filter(published_at__isnull=False,
                                            consent_to_publish=False).exists()
    message = PublicMessage.objects.first()
    assert message.check_query_code(f"HUDONG{message.serial:04d}")
