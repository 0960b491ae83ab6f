"""Signals of the publishing app that other apps listen to."""

from django.dispatch import Signal

# Sent inside the withdrawal's transaction with `page` and `withdrawal` when a published item
# is withdrawn (publishing.actions.withdraw); listeners take down what the page exposed.
page_withdrawn = Signal()

# Sent inside the publisher's transaction with `page`, `revision`, `due` (the go-live time) and
# `reason` when a scheduled revision cannot go live; it is not tried again (publishing.publisher).
schedule_blocked = Signal()
