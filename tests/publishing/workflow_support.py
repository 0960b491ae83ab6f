"""Fixtures and helpers of the workflow and publisher tests: a department's section with the
workflow 公开发布审批, one user per role, and the steps of the workflow as plain calls."""

import threading
import time
from contextlib import contextmanager

import pytest
from wagtail.models import Page

from confidentiality import pages as scanned_pages
from confidentiality.models import FORBIDDEN_CATEGORIES
from portal.models import SectionPage
from publishing import workflow


class FakeReport:
    """Stands in for confidentiality.scanner.ScanReport: the findings the test chooses."""

    def __init__(self, findings):
        self.findings = findings

    def as_dict(self):
        return {"findings": self.findings,
                "has_blocking": any(f["severity"] == "block" for f in self.findings)}


@pytest.fixture(name="clean_scan")
def clean_scan_fixture(monkeypatch):
    """The automatic scan finds nothing (the scanner's own tests are in tests/confidentiality/)."""
    monkeypatch.setattr(scanned_pages, "scan_page", lambda page: FakeReport([]))


@pytest.fixture(name="desk")
def desk_fixture(home, roles, make_department, make_user, clean_scan):
    """A section owned by 医政医管科 with the workflow, and one person per role."""
    department, (section,) = make_department("yizheng", "医政医管科", home, ("医政信息",))
    other, _ = make_department("jikong", "疾病预防控制科", home, ("疾控信息",))
    workflow.setup_workflow(roots=[section])
    people = {
        "editor": make_user("editor", "信息员", department.group),
        "reviewer": make_user("reviewer", "科室负责人", department.group),
        "other_reviewer": make_user("other_reviewer", "科室负责人", other.group),
        "officer": make_user("officer", "保密审查员"),
        "signatory": make_user("signatory", "分管领导"),
        "office": make_user("office", "政务公开办公室"),
        "admin": make_user("admin", is_superuser=True, is_staff=True),
    }
    return type("Desk", (), {"section": section, "department": department, **people})


def draft(section, title="关于开展2026年医疗质量安全检查的通知", **fields):
    page = SectionPage(title=title, slug=fields.pop("slug", None) or f"item-{Page.objects.count()}",
                       body="<p>各医疗机构：为加强医疗质量安全管理，现开展年度检查。</p>", live=False,
                       **fields)
    section.add_child(instance=page)
    return page


def submit(page, user):
    page.save_revision(user=user)
    return page.get_workflow().start(page, user)


def decide(page, user, action="approve", **data):
    page = Page.objects.get(pk=page.pk).specific
    state = page.current_workflow_task_state
    return page.current_workflow_task.on_action(state, user, action, **data)


CHECKLIST = [key for key, _label in FORBIDDEN_CATEGORIES]


def approve_all(page, desk, **sign_off):
    decide(page, desk.reviewer)
    decide(page, desk.officer, checklist=CHECKLIST, signature="赵敏")
    decide(page, desk.signatory, **sign_off)
    return Page.objects.get(pk=page.pk).specific


class BrokenMailBackend:
    """An email backend whose server is down."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


@contextmanager
def running_publishers(count=1, max_sleep=30.0):
    """`count` publisher workers, each looping in its own thread (its own DB connection)."""
    from publishing.publisher import Publisher

    workers = [Publisher(max_sleep=max_sleep, name=f"test-{index}") for index in range(count)]
    threads = [threading.Thread(target=worker.run_forever, daemon=True) for worker in workers]
    for thread in threads:
        thread.start()
    try:
        yield workers
    finally:
        for worker in workers:
            worker.stop()
        for thread in threads:
            thread.join(timeout=30)


def schedule(page, go_live_at, user=None):
    """Save a revision with a go-live time and approve it for then, as sign-off does."""
    page.go_live_at = go_live_at
    revision = page.save_revision(user=user)
    revision.publish(user=user, skip_permission_checks=True)
    return revision


def wait_until(predicate, timeout=10.0, step=0.05):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(step)
    return predicate()
