"""Signals of the interaction app that the site listens to."""

from django.dispatch import Signal

# Sent inside the step's transaction with `message` when what the public sees of a message
# changes: its answer published (公开) or taken down (撤下). The site purges the pages that show
# it (portal.cache_signals): the 互动交流 listing, the message's own page, the page it is about.
message_publication_changed = Signal()
