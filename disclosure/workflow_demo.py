"""Demo of the workflow on the catalogue: 公开发布审批 on every catalogue, and two items in it.

Original text written for the demo. `load(demo)` follows the shape of portal/demo.py: it adds
only what is missing, so running it again changes nothing.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from confidentiality.models import FORBIDDEN_CATEGORIES
from disclosure.models import CatalogueColumn, WorkNews
from publishing.workflow import setup_workflow

WAITING_TITLE = "示例市开展2026年秋季爱国卫生运动"
SCHEDULED_TITLE = "示例市卫生健康委员会召开医疗质量安全工作会议"


def load(demo):
    with transaction.atomic():
        setup_workflow()
        column = _news_column(demo)
        if column is None:
            return
        User = get_user_model()
        editor = User.objects.filter(username="editor").first()
        if editor is None:
            return
        _waiting_for_review(column, editor)
        _scheduled(column, editor)


def _news_column(demo):
    """A work-news column of 医政医管科 (the demo editor's department), if the catalogue has one."""
    department = demo.departments.get("yizheng")
    columns = CatalogueColumn.objects.filter(department=department)
    return columns.filter(rule="news").first() or columns.first()


def _waiting_for_review(column, editor):
    """A news item the demo editor has submitted: it waits for the reviewer (科室负责人)."""
    if WorkNews.objects.filter(title=WAITING_TITLE).exists():
        return
    page = column.add_child(instance=WorkNews(
        title=WAITING_TITLE, live=False, owner=editor, author="李文静", place="示例市人民广场",
        summary="市卫生健康委员会组织开展秋季爱国卫生运动，动员全市单位和居民清理卫生死角。",
        body="<p>近日，市卫生健康委员会组织全市各医疗卫生机构开展秋季爱国卫生运动，"
             "集中清理病媒生物孳生地，普及冬春季传染病防控知识。</p>",
    ))
    page.save_revision(user=editor)
    page.get_workflow().start(page, editor)


def _scheduled(column, editor):
    """A news item taken through the whole workflow by the demo users, signed off for 09:00
    tomorrow: it is on the scheduled list and not yet public."""
    if WorkNews.objects.filter(title=SCHEDULED_TITLE).exists():
        return
    users = {user.username: user for user in get_user_model().objects.filter(
        username__in=["reviewer", "officer", "signatory"])}
    if len(users) < 3:
        return
    page = column.add_child(instance=WorkNews(
        title=SCHEDULED_TITLE, live=False, owner=editor, author="李文静",
        summary="会议通报了前三季度医疗质量安全检查情况，部署了下一阶段重点工作。",
        body="<p>会议通报了前三季度医疗质量安全检查发现的问题，要求各医疗机构逐项整改，"
             "并部署了冬季医疗服务保障工作。</p>",
    ))
    page.save_revision(user=editor)
    page.get_workflow().start(page, editor)
    tomorrow = (timezone.localtime() + timezone.timedelta(days=1)).replace(
        hour=9, minute=0, second=0, microsecond=0)
    page.refresh_from_db()
    late = bool(page.due_on and tomorrow.date() > page.due_on)
    steps = [
        (users["reviewer"], {"comment": "内容准确，同意。"}),
        (users["officer"], {"checklist": [key for key, _label in FORBIDDEN_CATEGORIES],
                            "signature": "赵敏"}),
        (users["signatory"], {"go_live_at": tomorrow,
                              "late_reason": "会议材料需与会议纪要同步发布。" if late else ""}),
    ]
    for user, data in steps:
        page = type(page).objects.get(pk=page.pk)
        page.current_workflow_task.on_action(page.current_workflow_task_state, user, "approve",
                                             **data)
