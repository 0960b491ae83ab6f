"""Signals of the publishing app that other apps listen to."""

from django.dispatch import Signal

# Sent (after the transaction commits) with `years=set[int]` whenever the admin holiday table
# changes. Listeners recompute their OPEN deadlines and record every move with
# publishing.deadlines.record_deadline_change (RULES.md "工作日": deadlines are recomputed
# when a year is entered).
calendar_changed = Signal()

# Sent inside the withdrawal's transaction with `page` and `withdrawal` when a published item
# is withdrawn (publishing.actions.withdraw); listeners take down what the page exposed.
page_withdrawn = Signal()
