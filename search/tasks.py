"""Background tasks (django-tasks) that keep the index in step with the pages."""

from django_tasks import task

from search import index


@task()
def update_page_index(page_id: int) -> str:
    """Re-read one page as it is now and index it or take it out."""
    return index.update_page(page_id)


@task()
def update_pages_containing(words: list[str]) -> int:
    """Re-index the pages whose text contains any of these words (after a dictionary change)."""
    return index.update_pages_containing(words)


@task()
def update_pages_index(page_ids: list[int]) -> dict[str, int]:
    """`update_page_index` for many pages in one task (a bulk import's batch); counts what
    was done."""
    counts = {"indexed": 0, "removed": 0}
    for page_id in page_ids:
        counts[index.update_page(page_id)] += 1
    return counts
