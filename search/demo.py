"""Demo step for search: load the starting list of short forms, then rebuild the index.

Called by `manage.py load_demo` after the other apps have added their pages; idempotent.
"""

from search import index
from search.terms import load_starting_synonyms


def load(demo_site) -> None:
    load_starting_synonyms()
    index.rebuild()
