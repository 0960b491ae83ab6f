"""Index numbers (索引号, 条例 第十二条): assigned on first real publication, unique, never reused,
formatted by the site setting — and never shared by two publications at the same moment."""

import datetime
import os
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connections, transaction
from django.utils import timezone
from wagtail.models import Site

from departments.models import Organisation
from disclosure.index_numbers import (
    IndexNumberBlock,
    next_serial,
    reserve_serials,
    validate_index_number_format,
)
from disclosure.models import DisclosureSettings, PolicyDocument
from serials.models import SerialCounter
from tests.disclosure.conftest import publish


@pytest.mark.django_db
def test_index_number_uses_organisation_code_year_and_five_digit_serial(make_document):
    settings = Organisation.for_site(Site.objects.get(is_default_site=True))
    settings.organisation_code = "11410400MB0000000X"
    settings.save()
    first, second = publish(make_document()), publish(make_document())
    year = timezone.localtime(first.first_published_at).year
    assert first.index_number == f"11410400MB0000000X/{year}-00001"
    assert second.index_number == f"11410400MB0000000X/{year}-00002"


@pytest.mark.django_db
def test_index_number_format_comes_from_the_site_setting(make_document):
    settings = DisclosureSettings.for_site(Site.objects.get(is_default_site=True))
    settings.index_number_format = "WJW-{year}-{serial:06d}"
    settings.save()
    document = publish(make_document())
    year = timezone.localtime(document.first_published_at).year
    assert document.index_number == f"WJW-{year}-000001"


@pytest.mark.parametrize("bad", ["{organisation_code}/{year}", "{year}-{serial:05d}-{foo}",
                                 "{serial:05q}", "{serial"])
def test_index_number_format_without_serial_or_with_errors_is_refused(bad):
    with pytest.raises(ValidationError):
        validate_index_number_format(bad)


@pytest.mark.django_db
def test_scheduled_page_gets_no_index_number_until_really_live(make_document):
    document = make_document()
    document.go_live_at = timezone.now() + datetime.timedelta(days=1)
    document.save_revision().publish()
    document.refresh_from_db()
    assert not document.live
    assert document.index_number is None


@pytest.mark.django_db
def test_index_number_never_reused_after_unpublish_or_delete(make_document):
    first = publish(make_document())
    number = first.index_number
    first.unpublish()
    first.refresh_from_db()
    assert first.index_number == number  # kept while withdrawn
    first.delete()
    second = publish(make_document())
    assert second.index_number != number
    assert second.index_number.endswith("-00002")


@pytest.mark.django_db
def test_copy_of_a_published_document_gets_its_own_number(make_document, column):
    original = publish(make_document())
    copy = original.copy(update_attrs={"slug": "copy", "title": "副本"}, keep_live=False)
    assert copy.index_number is None
    publish(copy.specific)
    assert copy.specific.index_number not in (None, original.index_number)


# --- blocks (bulk import) ------------------------------------------------------------------------


def _unsaved(year):
    return PolicyDocument(title=f"{year}", first_published_at=datetime.datetime(
        year, 6, 1, 9, tzinfo=datetime.timezone(datetime.timedelta(hours=8))))


@pytest.mark.django_db
def test_reserve_serials_takes_a_block_after_the_single_ones():
    assert next_serial("2019") == 1
    assert list(reserve_serials("2019", 3)) == [2, 3, 4]
    assert next_serial("2019") == 5
    with pytest.raises(ValueError):
        reserve_serials("2019", 0)


@pytest.mark.django_db
def test_block_gives_each_year_its_own_consecutive_numbers(home):
    site = Site.objects.get(is_default_site=True)
    code = Organisation.for_site(site).organisation_code
    next_serial("2019")  # a page published one by one before the import
    with transaction.atomic():
        block = IndexNumberBlock(site, [2019, 2020, 2019])
        numbers = [block.assign(_unsaved(year)) for year in (2019, 2019, 2020)]
        block.release()
    assert numbers == [f"{code}/2019-00002", f"{code}/2019-00003", f"{code}/2020-00001"]
    assert next_serial("2019") == 4 and next_serial("2020") == 2


@pytest.mark.django_db
def test_block_serial_given_back_goes_to_the_next_page_and_unused_ones_to_the_counter(home):
    site = Site.objects.get(is_default_site=True)
    with transaction.atomic():
        block = IndexNumberBlock(site, [2021] * 5)
        failed = _unsaved(2021)
        first = block.assign(failed)
        block.give_back(failed)  # its page could not be stored
        assert failed.index_number is None
        assert block.assign(_unsaved(2021)) == first
        block.assign(_unsaved(2021))
        block.release()  # three of the five were never used
    assert SerialCounter.objects.get(name="index_numbers", scope="2021").last == 2
    assert next_serial("2021") == 3  # no number skipped


@pytest.mark.django_db
def test_block_release_never_moves_the_counter_back_over_a_later_serial(home):
    site = Site.objects.get(is_default_site=True)
    with transaction.atomic():
        block = IndexNumberBlock(site, [2022] * 4)
        block.assign(_unsaved(2022))
        assert next_serial("2022") == 5  # someone took the serial after the block
        block.release()
    assert SerialCounter.objects.get(name="index_numbers", scope="2022").last == 5
    assert next_serial("2022") == 6


@pytest.mark.django_db
def test_block_refuses_a_year_it_holds_no_serial_for(home):
    with transaction.atomic():
        block = IndexNumberBlock(Site.objects.get(is_default_site=True), [2023])
        with pytest.raises(LookupError):
            block.assign(_unsaved(2024))


@pytest.mark.django_db
def test_block_follows_a_format_without_the_year(home):
    site = Site.objects.get(is_default_site=True)
    settings = DisclosureSettings.for_site(site)
    settings.index_number_format = "WJW-{serial:04d}"
    settings.save()
    with transaction.atomic():
        block = IndexNumberBlock(site, [2010, 2024])
        numbers = [block.assign(_unsaved(2010)), block.assign(_unsaved(2024))]
        block.release()
    assert numbers == ["WJW-0001", "WJW-0002"]
    assert SerialCounter.objects.get(name="index_numbers", scope="all").last == 2


# --- concurrency (PostgreSQL) --------------------------------------------------------------------


ON_POSTGRESQL = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
NEEDS_POSTGRESQL = ("index-number concurrency needs PostgreSQL (row locks with SELECT ... FOR "
                    "UPDATE); set DATABASE_URL=postgres://... to run it")
if not ON_POSTGRESQL:
    print(f"test_index_numbers: skipping the concurrency tests: {NEEDS_POSTGRESQL}")


def _run_together(count, work):
    """Run `work(i)` in `count` threads, each with its own database connection, started at the
    same moment; return their results (or raise the first error)."""
    barrier = threading.Barrier(count)
    results, errors = [None] * count, []

    def run(i):
        try:
            barrier.wait(timeout=30)
            results[i] = work(i)
        except Exception as error:  # noqa: BLE001 - reported to the test below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    if errors:
        raise errors[0]
    return results


@pytest.mark.postgres
@pytest.mark.skipif(not ON_POSTGRESQL, reason=NEEDS_POSTGRESQL)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_serials_are_all_distinct_on_postgresql():

    def take_many(_i):
        taken = []
        for _n in range(15):
            with transaction.atomic():
                taken.append(next_serial("2026"))
        return taken

    results = _run_together(8, take_many)
    serials = [serial for taken in results for serial in taken]
    assert sorted(serials) == list(range(1, 8 * 15 + 1))


@pytest.mark.postgres
@pytest.mark.skipif(not ON_POSTGRESQL, reason=NEEDS_POSTGRESQL)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_blocks_and_single_serials_taken_together_are_all_distinct_on_postgresql(home):
    site = Site.objects.get(is_default_site=True)

    def take(i):
        taken = []
        for _n in range(6):
            with transaction.atomic():
                if i % 2:  # an import's batch: a block, partly used, the rest released
                    block = IndexNumberBlock(site, [2026] * 5)
                    for _page in range(3):
                        item = _unsaved(2026)
                        block.assign(item)
                        taken.append(int(item.index_number.rsplit("-", 1)[1]))
                    block.release()
                else:  # single publications
                    taken.append(next_serial("2026"))
        return taken

    results = _run_together(6, take)
    serials = sorted(serial for taken in results for serial in taken)
    # All distinct, and none skipped: the lock is held until each block's unused serials are
    # released, so the next taker continues right after the last serial used.
    assert serials == list(range(1, 3 * 6 + 3 * 6 * 3 + 1))
    assert SerialCounter.objects.get(name="index_numbers", scope="2026").last == serials[-1]


@pytest.mark.postgres
@pytest.mark.skipif(not ON_POSTGRESQL, reason=NEEDS_POSTGRESQL)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_first_publications_at_the_same_moment_get_different_numbers_on_postgresql(
        make_document):
    documents = [make_document(f"同时发布的文件{i}") for i in range(6)]
    revisions = [document.save_revision() for document in documents]

    def publish_one(i):
        with transaction.atomic():
            revisions[i].publish()
        return PolicyDocument.objects.get(pk=documents[i].pk).index_number

    numbers = _run_together(len(documents), publish_one)
    assert None not in numbers
    assert len(set(numbers)) == len(numbers)
    assert sorted(int(n.rsplit("-", 1)[1]) for n in numbers) == list(range(1, 7))


@pytest.mark.django_db
def test_page_created_live_gets_a_number_too(column):
    document = column.add_child(instance=PolicyDocument(
        title="直接发布", slug="direct", issuing_body="示例市卫生健康委员会",
        written_on=datetime.date(2026, 1, 5), author="李文静"))
    assert document.live and document.index_number.endswith("-00001")
