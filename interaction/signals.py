"""Signals of the interaction app that the site listens to."""

from django.dispatch import Signal

# Sent inside the transaction with `message` and `publication` whenever a message changes in a
# way the public may see: a step taken on it (publication True when its answer was published
# (公开) or taken down (撤下)) or its submission. The site purges the pages that show it
# (portal.cache_signals): the 互动交流 listing and the message's own page on a publication
# change, and always the page the message is about (its counts and list of complaints).
message_changed = Signal()
