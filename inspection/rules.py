"""The website inspection: each rule of 政府网站与政务新媒体检查指标 (国办秘函〔2019〕19号) that
the site can check from its own records, evaluated on one day.

A rule gives a status — red (a single-veto item is hit, 单项否决), yellow (problems that cost
points, or items approaching a red line) or green — and its findings, each naming the page to
fix. Periods are calendar days and months as the indicators write them ("2周", "6个月",
"3个月"); a month ends on the same day number (interaction.periods.add_months). A column "not
updated for 2 weeks" on day D was last updated before D − 14: updated on D − 14 it is still
fresh, on D − 15 it is stale.

Only live pages the public may see are inspected (a draft or a restricted page is not on the
site the inspectors see).
"""

import re
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta

from django.apps import apps
from django.db.models import Max
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, Site

from confidentiality.pages import html_to_text
from disclosure.models.catalogue import ColumnKind
from disclosure.publicity import public_only
from interaction.periods import add_months
from workdays.local_time import local_date, local_today

RED, YELLOW, GREEN = "red", "yellow", "green"
# What a finding weighs: a single-veto item, a problem that costs points, or a warning.
VETO, FAULT, WATCH = "veto", "fault", "watch"


@dataclass
class Finding:
    rule: str
    severity: str
    message: str
    page_id: int | None = None
    page_title: str = ""
    detail: str = ""


@dataclass
class RuleResult:
    key: str
    label: str
    basis: str
    findings: list = field(default_factory=list)
    veto: bool = False
    summary: str = ""
    note: str = ""

    @property
    def problems(self):
        return [finding for finding in self.findings if finding.severity != WATCH]

    @property
    def status(self) -> str:
        if self.veto:
            return RED
        return YELLOW if self.findings else GREEN


@dataclass
class Inspection:
    day: date
    results: list

    @property
    def veto(self) -> bool:
        return any(result.veto for result in self.results)

    @property
    def problems(self) -> list:
        return [finding for result in self.results for finding in result.problems]

    def as_dict(self) -> dict:
        return {
            "day": self.day.isoformat(),
            "veto": self.veto,
            "finding_count": len(self.problems),
            "rules": [{
                "key": result.key, "label": result.label, "basis": result.basis,
                "status": result.status, "veto": result.veto, "summary": result.summary,
                "note": result.note,
                "findings": [asdict(finding) for finding in result.findings if finding.severity != WATCH],
                "watch": [asdict(finding) for finding in result.findings if finding.severity == WATCH],
            } for result in self.results],
        }


def inspect_site(day: date | None = None, site: Site | None = None, settings=None) -> Inspection:
    """Run every rule over the site on `day` (today in Asia/Shanghai by default)."""
    from inspection.models import InspectionSettings

    day = day or local_today()
    site = site or Site.objects.select_related("root_page").get(is_default_site=True)
    settings = settings or InspectionSettings.load()
    root = site.root_page
    live = public_only(Page.objects.live().descendant_of(root, inclusive=True))
    pages = list(live.specific())
    return Inspection(day, [
        home_page(root, live, day, settings),
        columns(pages, day, settings),
        messages(day, settings),
        links(pages),
        errors(pages),
        dates(pages, day),
    ])


# --- home page and columns -------------------------------------------------------------------


def home_page(root, live, day, settings) -> RuleResult:
    """国办秘函〔2019〕19号 单项否决: 首页栏目信息超过2周未更新. The home page lists the newest
    publications, so it is updated when anything on the site is first published."""
    result = RuleResult("home", _("首页更新"), _("首页超过2周未更新（单项否决）"))
    newest = live.aggregate(first=Max("first_published_at"), last=Max("last_published_at"))
    moments = [moment for moment in (newest["first"], newest["last"]) if moment]
    updated = local_date(max(moments)) if moments else None
    if updated is None or day - updated > timedelta(days=settings.home_stale_days):
        result.veto = True
        result.findings.append(Finding(
            "home", VETO, _("首页超过%(days)s天未更新（最近更新：%(on)s）") % {
                "days": settings.home_stale_days, "on": updated or _("从未")},
            root.pk, root.title))
    result.summary = _("最近更新：%(on)s") % {"on": updated or _("从未")}
    return result


def column_models():
    """Every page type that is a column: those that carry a column kind (disclosure's columns
    and the site's own section pages)."""
    return [model for model in apps.get_models()
            if issubclass(model, Page) and any(f.name == "column_kind" for f in model._meta.fields)]


def stale_after(kind: str, settings):
    """(how a column of `kind` goes stale, whether that is 长期未更新); None: never stale."""
    if kind == ColumnKind.NEWS:
        return lambda updated: updated + timedelta(days=settings.news_stale_days), False
    if kind == ColumnKind.NOTICE:
        return lambda updated: add_months(updated, settings.notice_stale_months), False
    if kind == ColumnKind.POLICY:
        return lambda updated: add_months(updated, settings.policy_stale_months), False
    if kind == ColumnKind.OTHER:
        return lambda updated: add_months(updated, settings.other_stale_months), True
    return None


def _own_text(page) -> str:
    texts = []
    for model_field in page._meta.fields:
        if isinstance(model_field, RichTextField):
            texts.append(strip_tags(getattr(page, model_field.name) or ""))
    for model_field in page._meta.fields:
        if isinstance(model_field, StreamField):
            texts.append(" ".join(_strings(getattr(page, model_field.name).raw_data)))
    public_elements = getattr(page, "public_elements", None)
    if public_elements is not None:
        texts.extend(element.content for element in public_elements())
    return "".join(texts).strip()


def columns(pages, day, settings) -> RuleResult:
    """国办秘函〔2019〕19号 单项否决 栏目不更新: news-type columns over 2 weeks and 通知公告 /
    政策文件 columns over 6 months without an update, 5 or more together; columns that should
    be updated but are long stale, 10 or more; blank columns (空白栏目), 5 or more.

    A column holding other columns is only a container: its sub-columns are inspected. A
    column is updated when a page inside it is first published, or (for a column with its own
    text) when it is itself published. A blank column has no live page inside and no text."""
    result = RuleResult("columns", _("栏目更新与空白栏目"), _(
        "不更新栏目≥%(stale)s个、长期未更新栏目≥%(long)s个或空白栏目≥%(blank)s个（单项否决）") % {
        "stale": settings.stale_columns_veto, "long": settings.long_stale_columns_veto,
        "blank": settings.blank_columns_veto})
    kinds = tuple(column_models())
    column_pages = [page for page in pages if isinstance(page, kinds)]
    by_path = sorted(pages, key=lambda page: page.path)
    stale, long_stale, blank = [], [], []
    for column in column_pages:
        inside = [page for page in by_path
                  if page.path.startswith(column.path) and page.depth > column.depth]
        if any(isinstance(page, kinds) for page in inside):
            continue
        text = _own_text(column)
        if not inside and not text:
            blank.append(column)
            result.findings.append(Finding("columns", FAULT, _("空白栏目：“%(title)s”没有任何内容") % {
                "title": column.title}, column.pk, column.title, "blank"))
            continue
        rule = stale_after(column.column_kind, settings)
        if rule is None:
            continue
        moments = [page.first_published_at for page in inside if page.first_published_at]
        if text and column.last_published_at:
            moments.append(column.last_published_at)
        if not moments:
            continue
        updated = local_date(max(moments))
        stale_on, is_long = rule
        if day > stale_on(updated):
            (long_stale if is_long else stale).append(column)
            label = _("长期未更新") if is_long else _("未按期更新")
            result.findings.append(Finding(
                "columns", FAULT, _("%(label)s：“%(title)s”（%(kind)s）最近更新于%(on)s") % {
                    "label": label, "title": column.title,
                    "kind": ColumnKind(column.column_kind).label, "on": updated},
                column.pk, column.title, "long_stale" if is_long else "stale"))
    result.veto = (len(stale) >= settings.stale_columns_veto
                   or len(long_stale) >= settings.long_stale_columns_veto
                   or len(blank) >= settings.blank_columns_veto)
    if result.veto:
        for finding in result.findings:
            finding.severity = VETO
    result.summary = _("不更新%(stale)s个，长期未更新%(long)s个，空白%(blank)s个") % {
        "stale": len(stale), "long": len(long_stale), "blank": len(blank)}
    return result


# --- messages ---------------------------------------------------------------------------------


def messages(day, settings) -> RuleResult:
    """国办秘函〔2019〕19号 单项否决 互动回应差: a valid message unanswered for more than 3 months.
    The red line of each message is interaction's (docs/interaction-deadlines.md rule 8)."""
    from interaction.deadlines import alarms
    from interaction.models import InspectionKind, PublicMessage

    result = RuleResult("messages", _("留言答复"), _("有效留言超过3个月未答复（单项否决）"))
    for message in alarms(day):
        result.veto = True
        result.findings.append(Finding("messages", VETO, _(
            "留言 %(number)s 超过3个月未答复（红线：%(limit)s）") % {
            "number": message.tracking_number, "limit": message.inspection_limit_on},
            detail=str(message.pk)))
    watch_until = day + timedelta(days=settings.message_watch_days)
    approaching = (PublicMessage.objects.open()
                   .filter(first_replied_on=None, inspection_limit_on__gte=day,
                           inspection_limit_on__lte=watch_until,
                           channel__inspection_kind=InspectionKind.CONSULTATION)
                   .order_by("inspection_limit_on"))
    for message in approaching:
        result.findings.append(Finding("messages", WATCH, _(
            "留言 %(number)s 将于%(limit)s后超过3个月未答复") % {
            "number": message.tracking_number, "limit": message.inspection_limit_on},
            detail=str(message.pk)))
    result.summary = _("超期%(red)s条，临近%(soon)s条") % {
        "red": len(result.problems), "soon": len(result.findings) - len(result.problems)}
    return result


# --- links and attachments ------------------------------------------------------------------

LINK = re.compile(r'<(?:a|embed)\b[^>]*?\b(linktype|embedtype)="(page|document|image)"[^>]*?\bid="(\d+)"')
HREF = re.compile(r'<a\b[^>]*?\bhref="([^"]*)"')


def _strings(value):
    """Every string inside a StreamField's raw data."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def _html_pieces(page):
    """(field label, stored HTML) of the page's rich text and StreamField strings."""
    for model_field in page._meta.fields:
        if isinstance(model_field, RichTextField):
            yield model_field.verbose_name, getattr(page, model_field.name) or ""
        elif isinstance(model_field, StreamField):
            for text in _strings(getattr(page, model_field.name).raw_data):
                yield model_field.verbose_name, text


def links(pages) -> RuleResult:
    """Broken internal links and missing attachments (检查指标 可用性: 链接可用性, 不扣单项否决
    but cost points). Links to pages, documents and images in rich text, addresses on this site
    ("/…"), and the files of attachments. External links are not fetched."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    result = RuleResult("links", _("链接与附件"), _("内部链接不可用、附件缺失（扣分项）"))
    result.note = _("外部链接未检查：检查任务不访问外网。")
    live_ids = {page.pk for page in pages}
    url_paths = {page.url_path for page in pages}
    site_root = min(pages, key=lambda page: page.depth).url_path if pages else "/"
    documents = get_document_model()
    images = get_image_model()
    wanted = {"document": set(), "image": set()}
    found = []
    for page in pages:
        for label, html in _html_pieces(page):
            for _attr, kind, target in LINK.findall(html):
                found.append((page, label, kind, int(target)))
                if kind != "page":
                    wanted[kind].add(int(target))
            for href in HREF.findall(html):
                if href.startswith("/") and not href.startswith("//"):
                    path = href.split("?")[0].split("#")[0]
                    if path.startswith(("/documents/", "/media/", "/static/", "/admin/")):
                        continue
                    if not path.endswith("/"):
                        path += "/"
                    if site_root.rstrip("/") + path not in url_paths and not _is_route(path):
                        result.findings.append(Finding("links", FAULT, _(
                            "“%(title)s”的%(field)s中链接 %(href)s 无法打开") % {
                            "title": page.title, "field": label, "href": href},
                            page.pk, page.title, href))
    existing = {"document": {d.pk: d for d in documents.objects.filter(pk__in=wanted["document"])},
                "image": {i.pk: i for i in images.objects.filter(pk__in=wanted["image"])}}
    for page, label, kind, target in found:
        if kind == "page":
            broken = target not in live_ids
        else:
            item = existing[kind].get(target)
            broken = item is None or not item.file.storage.exists(item.file.name)
        if broken:
            what = {"page": _("页面"), "document": _("文件"), "image": _("图片")}[kind]
            result.findings.append(Finding("links", FAULT, _(
                "“%(title)s”的%(field)s中链接的%(what)s（编号 %(id)s）已不存在或未发布") % {
                "title": page.title, "field": label, "what": what, "id": target},
                page.pk, page.title, f"{kind}:{target}"))
    for page in pages:
        attachments = page.attachments.select_related("document") if hasattr(
            page, "attachments") else ()
        for attachment in attachments:
            if not attachment.document.file.storage.exists(attachment.document.file.name):
                result.findings.append(Finding("links", FAULT, _(
                    "“%(title)s”的附件“%(name)s”文件缺失") % {
                    "title": page.title, "name": attachment.display_title},
                    page.pk, page.title, f"attachment:{attachment.document_id}"))
    result.summary = _("%(count)s处") % {"count": len(result.findings)}
    return result


def _is_route(path: str) -> bool:
    """Addresses served by the site's own views rather than pages (search, sitemap …)."""
    from django.urls import Resolver404, resolve

    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.url_name != "wagtail_serve"


# --- serious errors (错敏词) -------------------------------------------------------------------


def _page_text(page) -> str:
    parts = [page.title]
    for model_field in page._meta.fields:
        if model_field.model is Page:
            continue
        value = getattr(page, model_field.name, None)
        if isinstance(model_field, RichTextField):
            parts.append(html_to_text(value or ""))
        elif isinstance(model_field, StreamField):
            parts.extend(html_to_text(text) for text in _strings(value.raw_data))
        elif model_field.get_internal_type() in ("CharField", "TextField") and not model_field.choices:
            parts.append(value or "")
    return "\n".join(part for part in parts if part)


def errors(pages) -> RuleResult:
    """国办秘函〔2019〕19号 单项否决 严重错误: a leader's name miswritten (严重错别字), wrong
    expressions (严重表述错误); the office's sensitive terms (confidentiality) cost points."""
    from confidentiality.models import SensitiveTerm
    from inspection.models import LeaderName, WrongExpression

    result = RuleResult("errors", _("错敏词"), _("领导姓名职务错写、严重表述错误（单项否决）；敏感词（扣分项）"))
    # (what to look for, the correct form that contains it and is not an error, weight, message)
    checks = []
    for leader in LeaderName.objects.all():
        for variant in leader.variants():
            checks.append((variant, "", VETO, _("领导姓名错写：“%(wrong)s”应为“%(right)s”") % {
                "wrong": variant, "right": str(leader)}))
    for expression in WrongExpression.objects.all():
        checks.append((expression.wrong, expression.correct, VETO,
                       _("错误表述：“%(wrong)s”%(fix)s") % {
                           "wrong": expression.wrong,
                           "fix": _("应为“%s”") % expression.correct if expression.correct else ""}))
    for term in SensitiveTerm.objects.all():
        checks.append((term.term, "", FAULT, _("敏感词：“%(term)s”%(note)s") % {
            "term": term.term, "note": f"（{term.note}）" if term.note else ""}))
    if checks:
        for page in pages:
            text = _page_text(page)
            for needle, correct, severity, message in checks:
                # "条例" written as "《条例》" is right: the correct form does not count.
                haystack = text.replace(correct, "") if correct and needle in correct else text
                if needle and needle in haystack:
                    result.findings.append(Finding("errors", severity, message, page.pk,
                                                   page.title, needle))
    result.veto = any(finding.severity == VETO for finding in result.findings)
    result.summary = _("%(count)s处") % {"count": len(result.findings)}
    return result


# --- dates -------------------------------------------------------------------------------------


def dates(pages, day) -> RuleResult:
    """国办秘函〔2019〕19号 单项否决 严重错误 (虚假或伪造内容): a publication date later than now,
    or earlier than the information it publishes existed (its 信息形成日期, 成文日期 or the day the
    news happened)."""
    result = RuleResult("dates", _("发布日期"), _("发布日期晚于当前或早于信息形成日期（单项否决）"))
    now = timezone.now()
    for page in pages:
        problems = []
        published = local_date(page.first_published_at) if page.first_published_at else None
        if page.first_published_at and page.first_published_at > now:
            problems.append(_("首次发布时间%(at)s晚于当前时间") % {"at": published})
        shown = getattr(page, "published_on", None)
        if isinstance(shown, date) and shown > day:
            problems.append(_("发布日期%(on)s晚于今天") % {"on": shown})
        for name, label in (("formed_on", _("信息形成日期")), ("written_on", _("成文日期")),
                            ("happened_on", _("活动日期"))):
            value = getattr(page, name, None)
            if not isinstance(value, date):
                continue
            for publication in (shown, published):
                if isinstance(publication, date) and publication < value:
                    problems.append(_("发布日期%(on)s早于%(label)s%(value)s") % {
                        "on": publication, "label": label, "value": value})
                    break
        for problem in dict.fromkeys(problems):
            result.findings.append(Finding("dates", VETO, _("“%(title)s”：%(problem)s") % {
                "title": page.title, "problem": problem}, page.pk, page.title))
    result.veto = bool(result.findings)
    result.summary = _("%(count)s处") % {"count": len(result.findings)}
    return result
