"""Fixtures for the search tests: searchable test pages and a quick way to publish them.

Until the disclosure page types exist, `portal.SectionPage` is given a `search_document()`
for the duration of a test, with per-page metadata from `searchable.meta`.
"""

from datetime import date

import pytest

from portal.models import SectionPage


class Searchable:
    """The patched SectionPage.search_document(), and metadata to give individual pages."""

    def __init__(self):
        self.meta: dict[int, dict] = {}

    def document(self, page) -> dict:
        data = {"title": page.title, "body": page.body, "kind": "栏目页",
                "published_on": date(2024, 5, 6)}
        data.update(self.meta.get(page.pk, {}))
        return data


@pytest.fixture(autouse=True)
def _vocabulary_read_afresh(monkeypatch):
    """The dictionary and the query-time vocabulary follow `SearchTerm`, which each test rolls
    back without a signal: the first search of the next test compares them with the database
    at once, not RECHECK_SECONDS later (an earlier test's '救护车 → 院前急救' would still
    apply)."""
    from search import segmentation, suggestions

    monkeypatch.setattr(segmentation, "_checked_at", float("-inf"))
    # The title words a correction may use are read again TITLE_WORDS_SECONDS after the last
    # reading, and every test's index is generation 1: an earlier test's would still apply.
    monkeypatch.setattr(suggestions, "_title_cache", None)


@pytest.fixture
def searchable(monkeypatch, db):
    registry = Searchable()
    monkeypatch.setattr(SectionPage, "search_document",
                        lambda self: registry.document(self), raising=False)
    return registry


@pytest.fixture
def make_page(home, searchable, django_capture_on_commit_callbacks):
    """Create a SectionPage under `parent` (default: home), publish it and run the index task."""

    def make(title, body="", parent=None, publish=True, **meta):
        parent = parent or home
        with django_capture_on_commit_callbacks(execute=True):
            page = parent.add_child(instance=SectionPage(title=title, body=body, live=False))
            if meta:
                searchable.meta[page.pk] = meta
            revision = page.save_revision()
            if publish:
                revision.publish()
        page.refresh_from_db()
        return page

    return make


@pytest.fixture
def run_commit_hooks(django_capture_on_commit_callbacks):
    """Use as `with run_commit_hooks(): ...` to run the enqueued index tasks at once."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
