"""The starting list of short forms and synonyms (`data/synonyms.txt`), loaded into SearchTerm."""

from pathlib import Path

from django.db import transaction

from search.models import SearchTerm

SYNONYMS_FILE = Path(__file__).resolve().parent / "data" / "synonyms.txt"


def starting_synonyms() -> list[tuple[str, list[str]]]:
    """(short form, [full forms]) for each line of the shipped list."""
    groups = []
    for line in SYNONYMS_FILE.read_text(encoding="utf-8").splitlines():
        words = line.split()
        if words and not line.startswith("#"):
            groups.append((words[0], words[1:]))
    return groups


def load_starting_synonyms() -> int:
    """Add each shipped term that the list does not hold yet (edits are kept); say how many."""
    added = 0
    with transaction.atomic():
        for word, forms in starting_synonyms():
            _term, created = SearchTerm.objects.get_or_create(
                word=word, defaults={"synonyms": " ".join(forms)})
            added += created
    return added
