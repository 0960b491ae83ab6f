"""The upgrade that gave the confidentiality check its own app (issue 15) keeps every row.

Django's migration executor takes the test database back to the schema before the split
(publishing 0003, no confidentiality migrations), rows are written with the models of that
time, and the database is migrated forward again. Run on SQLite and, with DATABASE_URL, on
PostgreSQL.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from wagtail.models import Page

from confidentiality.models import ScanRecord, SensitiveTerm

BEFORE_SPLIT = [("publishing", "0003_sensitiveterm_scanrecord"), ("confidentiality", None)]

# serialized_rollback: the flush after each test leaves the database empty for the next
# transactional test, which restores the rows the migrations made, as the publisher's tests do.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def content_type_cache():
    """Put Django's content-type cache back as it was: the migrations relabel rows and the
    tests clear the cache, while the next transactional test restores the database with the
    ids the cache held (signals sent while it does so look content types up there)."""
    saved = {alias: dict(cache) for alias, cache in ContentType.objects._cache.items()}
    yield
    ContentType.objects.clear_cache()
    ContentType.objects._cache.update(saved)


def migrate(targets):
    """Migrate the test database to `targets`; return the app registry of that state."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    ContentType.objects.clear_cache()
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


def latest_targets():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.fixture
def page_with_revision():
    page = Page.get_first_root_node().add_child(instance=Page(title="卫生健康委通知",
                                                               slug="split-notice"))
    return page, page.save_revision()


def test_upgrade_keeps_the_rows_and_the_permissions_of_the_moved_models(page_with_revision):
    page, revision = page_with_revision
    user = get_user_model().objects.create_user("officer", password="x")
    after = latest_targets()
    old = migrate(BEFORE_SPLIT)

    OldTerm = old.get_model("publishing", "SensitiveTerm")
    OldRecord = old.get_model("publishing", "ScanRecord")
    OldPermission = old.get_model("auth", "Permission")
    OldGroup = old.get_model("auth", "Group")
    OldUser = old.get_model(*get_user_model()._meta.label.split("."))
    term = OldTerm.objects.create(term="内部讨论稿", severity="block", note="过程性信息")
    record = OldRecord.objects.create(page_id=page.pk, revision_id=revision.pk,
                                      report={"findings": [], "has_blocking": True},
                                      has_blocking=True, scanned_by_id=user.pk)
    group = OldGroup.objects.create(name="保密审查员（升级前）")
    group.permissions.add(OldPermission.objects.get(content_type__app_label="publishing",
                                                    codename="change_sensitiveterm"))
    OldUser.objects.get(pk=user.pk).user_permissions.add(OldPermission.objects.get(
        content_type__app_label="publishing", codename="view_scanrecord"))

    migrate(after)

    moved_term = SensitiveTerm.objects.get(pk=term.pk)
    assert (moved_term.term, moved_term.severity, moved_term.note) == ("内部讨论稿", "block",
                                                                       "过程性信息")
    moved_record = ScanRecord.objects.get(pk=record.pk)
    assert (moved_record.page_id, moved_record.revision_id, moved_record.scanned_by_id,
            moved_record.has_blocking) == (page.pk, revision.pk, user.pk, True)
    assert moved_record.scan_report.as_dict()["has_blocking"] is False  # no findings stored
    assert SensitiveTerm._meta.db_table == "publishing_sensitiveterm"
    assert not ContentType.objects.filter(app_label="publishing",
                                          model__in=["sensitiveterm", "scanrecord"]).exists()
    assert Group.objects.get(pk=group.pk).permissions.filter(
        content_type__app_label="confidentiality", codename="change_sensitiveterm").exists()
    user = get_user_model().objects.get(pk=user.pk)
    assert user.has_perm("confidentiality.view_scanrecord")
    assert not user.has_perm("confidentiality.change_sensitiveterm")


def test_upgrade_merges_a_content_type_created_under_the_new_label_keeping_the_grants():
    """Django creates the content types of new apps after each `migrate`; if that happened
    before the relabelling (an interrupted upgrade), the grants move onto the new row."""
    after = latest_targets()
    old = migrate(BEFORE_SPLIT)
    OldContentType = old.get_model("contenttypes", "ContentType")
    OldPermission = old.get_model("auth", "Permission")
    OldGroup = old.get_model("auth", "Group")
    early = OldContentType.objects.create(app_label="confidentiality", model="sensitiveterm")
    OldPermission.objects.create(content_type=early, codename="change_sensitiveterm",
                                 name="Can change 敏感词")
    group = OldGroup.objects.create(name="政务公开办公室（升级前）")
    group.permissions.add(*OldPermission.objects.filter(content_type__app_label="publishing",
                                                        content_type__model="sensitiveterm"))

    migrate(after)

    content_types = ContentType.objects.filter(model="sensitiveterm")
    assert [(ct.app_label, ct.pk) for ct in content_types] == [("confidentiality", early.pk)]
    granted = set(Group.objects.get(pk=group.pk).permissions.values_list(
        "content_type__app_label", "codename"))
    assert granted == {("confidentiality", f"{action}_sensitiveterm")
                       for action in ("add", "change", "delete", "view")}
    assert Permission.objects.filter(content_type_id=early.pk,
                                     codename="change_sensitiveterm").count() == 1


BEFORE_REVIEW_MOVE = [("publishing", "0005_move_scanner_models_to_confidentiality"),
                      ("confidentiality", "0002_move_content_types")]


def test_upgrade_keeps_the_confidentiality_reviews_their_overrides_and_grants(page_with_revision):
    """The officer's reviews and the findings let through move from publishing with their rows,
    their link to the workflow's task state and the permissions granted on them."""
    from wagtail.models import Task, Workflow, WorkflowTask

    from confidentiality.models import ConfidentialityReview, FindingOverride

    page, revision = page_with_revision
    officer = get_user_model().objects.create_user("officer", password="x")
    workflow = Workflow.objects.create(name="升级前的流程")
    WorkflowTask.objects.create(workflow=workflow, task=Task.objects.create(name="审查"),
                                sort_order=0)
    task_state = workflow.start(page, officer).current_task_state
    after = latest_targets()
    old = migrate(BEFORE_REVIEW_MOVE)

    OldReview = old.get_model("publishing", "ConfidentialityReview")
    OldOverride = old.get_model("publishing", "FindingOverride")
    OldPermission = old.get_model("auth", "Permission")
    OldGroup = old.get_model("auth", "Group")
    finding = {"kind": "id_number", "severity": "block", "text": "41010519900307123X"}
    review = OldReview.objects.create(
        task_state_id=task_state.pk, page_id=page.pk, revision_id=revision.pk,
        scan_report={"findings": [finding], "has_blocking": True}, checklist=["privacy"],
        signature="王审查", signed_by_id=officer.pk)
    override = OldOverride.objects.create(review=review, finding_index=0, finding=finding,
                                          reason="申请人本人同意公开", by_id=officer.pk)
    group = OldGroup.objects.create(name="审计（升级前）")
    group.permissions.add(OldPermission.objects.get(content_type__app_label="publishing",
                                                    codename="view_confidentialityreview"))

    migrate(after)

    moved = ConfidentialityReview.objects.get(pk=review.pk)
    assert (moved.task_state_id, moved.page_id, moved.revision_id, moved.signature,
            moved.checklist) == (task_state.pk, page.pk, revision.pk, "王审查", ["privacy"])
    assert moved.unresolved_blocking() == []
    assert FindingOverride.objects.get(pk=override.pk).reason == "申请人本人同意公开"
    assert task_state.confidentiality_review == moved
    assert not ContentType.objects.filter(
        app_label="publishing", model__in=["confidentialityreview", "findingoverride"]).exists()
    assert Group.objects.get(pk=group.pk).permissions.filter(
        content_type__app_label="confidentiality", codename="view_confidentialityreview").exists()
