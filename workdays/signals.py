"""Signals of the working-day calendar that other apps listen to."""

from django.dispatch import Signal

# Sent (after the transaction commits) with `years=set[int]` whenever the admin holiday table
# changes. Listeners recompute their OPEN deadlines and record every move with
# workdays.models.record_deadline_change: deadlines in a year the official calendar did not
# know yet are provisional and are recomputed once the State Council's notice is entered.
calendar_changed = Signal()
