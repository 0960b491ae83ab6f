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
from collections import defaultdict
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
    run: object = None  # inspection.store.StoreRun: full, incremental or in memory, pages checked

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


def inspect_site(day: date | None = None, site: Site | None = None, settings=None, *,
                 full: bool = False) -> Inspection:
    """Run every rule over the site on `day` (today in Asia/Shanghai by default).

    The site-wide rules (home page, columns, messages) read every live page in a few queries.
    The per-page rules (links, 错敏词, dates) keep their findings per page (inspection.store):
    a run today rechecks only the pages that changed since the last run, unless `full`; a run
    as of another day checks every page and leaves the store alone."""
    from inspection.models import InspectionSettings
    from inspection.store import page_findings

    started = timezone.now()
    day = day or local_today()
    site = site or Site.objects.select_related("root_page").get(is_default_site=True)
    settings = settings or InspectionSettings.load()
    root = site.root_page
    live = public_only(Page.objects.live().descendant_of(root, inclusive=True))
    rows = [PageRow(*values) for values in live.order_by("path").values_list(
        "pk", "path", "depth", "url_path", "first_published_at", "last_published_at",
        "content_type_id", "title")]
    per_page, run = page_findings(site, rows, day, started, full=full)
    return Inspection(day, [
        home_page(root, live, day, settings),
        columns(rows, day, settings),
        messages(day, settings),
        links(rows, per_page, run.note),
        errors(rows, per_page),
        dates(rows, per_page),
    ], run)


@dataclass(frozen=True)
class PageRow:
    """What the site-wide rules read of each live page."""

    pk: int
    path: str
    depth: int
    url_path: str
    first_published_at: object
    last_published_at: object
    content_type_id: int
    title: str


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


def chunked(values, size=2000):
    """`values` in lists of `size`: an IN (…) stays within every database's limits."""
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start:start + size]


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


def columns(rows, day, settings) -> RuleResult:
    """国办秘函〔2019〕19号 单项否决 栏目不更新: news-type columns over 2 weeks and 通知公告 /
    政策文件 columns over 6 months without an update, 5 or more together; columns that should
    be updated but are long stale, 10 or more; blank columns (空白栏目), 5 or more.

    A column holding other columns is only a container: its sub-columns are inspected. A
    column is updated when a page inside it is first published, or (for a column with its own
    text) when it is itself published. A blank column has no live page inside and no text.
    Set-based: each live page is credited to the columns above it by its tree path."""
    from django.contrib.contenttypes.models import ContentType

    result = RuleResult("columns", _("栏目更新与空白栏目"), _(
        "不更新栏目≥%(stale)s个、长期未更新栏目≥%(long)s个或空白栏目≥%(blank)s个（单项否决）") % {
        "stale": settings.stale_columns_veto, "long": settings.long_stale_columns_veto,
        "blank": settings.blank_columns_veto})
    models_by_type = {ContentType.objects.get_for_model(model).pk: model
                      for model in column_models()}
    column_rows = {row.path: row for row in rows if row.content_type_id in models_by_type}
    containers, inside, newest = set(), defaultdict(int), {}
    if column_rows:
        step = Page.steplen
        for row in rows:
            for end in range(step, len(row.path), step):
                above = row.path[:end]
                if above not in column_rows:
                    continue
                inside[above] += 1
                if row.path in column_rows:
                    containers.add(above)
                if row.first_published_at and (above not in newest
                                               or row.first_published_at > newest[above]):
                    newest[above] = row.first_published_at
    specific = {}
    for type_id, model in models_by_type.items():
        wanted = [row.pk for row in column_rows.values() if row.content_type_id == type_id]
        for chunk in chunked(wanted):
            specific.update((page.pk, page) for page in model.objects.filter(pk__in=chunk))
    stale, long_stale, blank = [], [], []
    for path, row in column_rows.items():
        if path in containers or row.pk not in specific:
            continue
        column = specific[row.pk]
        text = _own_text(column)
        if not inside[path] and not text:
            blank.append(column)
            result.findings.append(Finding("columns", FAULT, _("空白栏目：“%(title)s”没有任何内容") % {
                "title": column.title}, column.pk, column.title, "blank"))
            continue
        rule = stale_after(column.column_kind, settings)
        if rule is None:
            continue
        moments = [newest[path]] if path in newest else []
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


# --- the per-page rules: links and attachments, 错敏词, dates --------------------------------

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


@dataclass
class Link:
    """An internal link as read from a page: kind page / path / document / image."""

    kind: str
    target_id: int | None
    target_path: str = ""


class PageChecker:
    """Checks live pages one by one against the per-page rules, knowing the live site.

    `rows` are every live page the public may see (PageRow); the word lists are read once."""

    def __init__(self, rows, day):
        from confidentiality.models import SensitiveTerm
        from inspection.models import LeaderName, WrongExpression

        self.day = day
        self.now = timezone.now()
        self.live_ids = {row.pk for row in rows}
        self.by_url_path = {row.url_path: row.pk for row in rows}
        self.site_root = rows[0].url_path if rows else "/"
        self._routes = {}
        self._files = {}
        # (what to look for, the correct form that contains it and is not an error, weight,
        # message)
        self.checks = []
        for leader in LeaderName.objects.all():
            for variant in leader.variants():
                self.checks.append((variant, "", VETO, _("领导姓名错写：“%(wrong)s”应为“%(right)s”") % {
                    "wrong": variant, "right": str(leader)}))
        for expression in WrongExpression.objects.all():
            self.checks.append((expression.wrong, expression.correct, VETO,
                                _("错误表述：“%(wrong)s”%(fix)s") % {
                                    "wrong": expression.wrong,
                                    "fix": _("应为“%s”") % expression.correct
                                    if expression.correct else ""}))
        for term in SensitiveTerm.objects.all():
            self.checks.append((term.term, "", FAULT, _("敏感词：“%(term)s”%(note)s") % {
                "term": term.term, "note": f"（{term.note}）" if term.note else ""}))

    @property
    def fingerprint(self) -> str:
        """Changes when a word list changes: then every page is checked again."""
        import hashlib

        return hashlib.sha256(repr(self.checks).encode()).hexdigest()

    def check_all(self, rows):
        """Yield (page, findings, links) for each of `rows`, loading the pages in chunks."""
        from django.contrib.contenttypes.models import ContentType

        by_type = defaultdict(list)
        for row in rows:
            by_type[row.content_type_id].append(row.pk)
        for type_id, ids in by_type.items():
            model = ContentType.objects.get_for_id(type_id).model_class() or Page
            for chunk in chunked(ids):
                pages = model.objects.filter(pk__in=chunk)
                if hasattr(model, "attachments"):
                    pages = pages.prefetch_related("attachments__document")
                pages = list(pages)
                self._preload_files(pages)
                for page in pages:
                    found, read = self.check(page)
                    yield page, found, read

    def _preload_files(self, pages):
        """Read the documents and images the pages link to in one query per kind."""
        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model

        wanted = {"document": set(), "image": set()}
        for page in pages:
            for _label, html in _html_pieces(page):
                for _attr, kind, target in LINK.findall(html):
                    if kind in wanted and (kind, int(target)) not in self._files:
                        wanted[kind].add(int(target))
        for kind, model in (("document", get_document_model()), ("image", get_image_model())):
            if not wanted[kind]:
                continue
            found = {item.pk: item for item in model.objects.filter(pk__in=wanted[kind])}
            for pk in wanted[kind]:
                item = found.get(pk)
                if item is None:
                    self._files[(kind, pk)] = False
                else:
                    self._stored((kind, pk), item.file)

    def check(self, page):
        """(findings, internal links) of one live page."""
        links, findings = self._links(page)
        return findings + self._attachments(page) + self._errors(page) + self._dates(page), links

    # 检查指标 可用性 链接可用性: not a single veto, but costs points.
    def _links(self, page):
        read, findings = [], []
        by_id = []
        for label, html in _html_pieces(page):
            for _attr, kind, target in LINK.findall(html):
                by_id.append((label, kind, int(target)))
            for href in HREF.findall(html):
                if href.startswith(("http://", "https://")):
                    read.append(Link("external", None, href[:2000]))
                    continue
                if not href.startswith("/") or href.startswith("//"):
                    continue
                path = href.split("?")[0].split("#")[0]
                if path.startswith(("/documents/", "/media/", "/static/", "/admin/")):
                    continue
                if not path.endswith("/"):
                    path += "/"
                url_path = self.site_root.rstrip("/") + path
                target = self.by_url_path.get(url_path)
                read.append(Link("path", target, url_path))
                if target is None and not self._is_route(path):
                    findings.append(Finding("links", FAULT, _(
                        "“%(title)s”的%(field)s中链接 %(href)s 无法打开") % {
                        "title": page.title, "field": label, "href": href},
                        page.pk, page.title, href))
        for label, kind, target in by_id:
            read.append(Link(kind, target))
            if kind == "page":
                broken = target not in self.live_ids
            else:
                broken = not self._file_exists(kind, target)
            if broken:
                what = {"page": _("页面"), "document": _("文件"), "image": _("图片")}[kind]
                findings.append(Finding("links", FAULT, _(
                    "“%(title)s”的%(field)s中链接的%(what)s（编号 %(id)s）已不存在或未发布") % {
                    "title": page.title, "field": label, "what": what, "id": target},
                    page.pk, page.title, f"{kind}:{target}"))
        return read, findings

    def _attachments(self, page):
        if not hasattr(page, "attachments"):
            return []
        findings = []
        for attachment in page.attachments.all():
            document = attachment.document
            if not self._stored(("document", document.pk), document.file):
                findings.append(Finding("links", FAULT, _(
                    "“%(title)s”的附件“%(name)s”文件缺失") % {
                    "title": page.title, "name": attachment.display_title},
                    page.pk, page.title, f"attachment:{attachment.document_id}"))
        return findings

    def _file_exists(self, kind, pk) -> bool:
        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model

        key = (kind, pk)
        if key not in self._files:
            model = get_document_model() if kind == "document" else get_image_model()
            item = model.objects.filter(pk=pk).first()
            if item is None:
                self._files[key] = False
            else:
                return self._stored(key, item.file)
        return self._files[key]

    def _stored(self, key, file) -> bool:
        if key not in self._files:
            self._files[key] = bool(file.name) and file.storage.exists(file.name)
        return self._files[key]

    def _is_route(self, path: str) -> bool:
        """Addresses served by the site's own views rather than pages (search, sitemap …)."""
        from django.urls import Resolver404, resolve

        if path not in self._routes:
            try:
                self._routes[path] = resolve(path).url_name != "wagtail_serve"
            except Resolver404:
                self._routes[path] = False
        return self._routes[path]

    # 国办秘函〔2019〕19号 单项否决 严重错误: a leader's name miswritten (严重错别字), wrong
    # expressions (严重表述错误); the office's sensitive terms (confidentiality) cost points.
    def _errors(self, page):
        if not self.checks:
            return []
        findings = []
        text = _page_text(page)
        for needle, correct, severity, message in self.checks:
            # "条例" written as "《条例》" is right: the correct form does not count.
            haystack = text.replace(correct, "") if correct and needle in correct else text
            if needle and needle in haystack:
                findings.append(Finding("errors", severity, message, page.pk, page.title, needle))
        return findings

    # 国办秘函〔2019〕19号 单项否决 严重错误 (虚假或伪造内容): a publication date later than now,
    # or earlier than the information it publishes existed (its 信息形成日期, 成文日期 or the day
    # the news happened).
    def _dates(self, page):
        problems = []
        published = local_date(page.first_published_at) if page.first_published_at else None
        if page.first_published_at and page.first_published_at > self.now:
            problems.append(_("首次发布时间%(at)s晚于当前时间") % {"at": published})
        shown = getattr(page, "published_on", None)
        if isinstance(shown, date) and shown > self.day:
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
        return [Finding("dates", VETO, _("“%(title)s”：%(problem)s") % {
            "title": page.title, "problem": problem}, page.pk, page.title)
            for problem in dict.fromkeys(problems)]


def _gather(rows, per_page, rule):
    """The findings of `rule` over the live pages, in tree order."""
    return [finding for row in rows for finding in per_page.get(row.pk, ()) if finding.rule == rule]


def links(rows, per_page, note="") -> RuleResult:
    """Broken internal links and missing attachments (检查指标 可用性: 链接可用性, 不扣单项否决
    but cost points). Links to pages, documents and images in rich text, addresses on this site
    ("/…"), and the files of attachments."""
    result = RuleResult("links", _("链接与附件"), _("内部链接不可用、附件缺失（扣分项）"))
    result.findings = _gather(rows, per_page, "links")
    result.note = note
    result.summary = _("%(count)s处") % {"count": len(result.findings)}
    return result


def errors(rows, per_page) -> RuleResult:
    """国办秘函〔2019〕19号 单项否决 严重错误: a leader's name miswritten (严重错别字), wrong
    expressions (严重表述错误); the office's sensitive terms (confidentiality) cost points."""
    result = RuleResult("errors", _("错敏词"), _("领导姓名职务错写、严重表述错误（单项否决）；敏感词（扣分项）"))
    result.findings = _gather(rows, per_page, "errors")
    result.veto = any(finding.severity == VETO for finding in result.findings)
    result.summary = _("%(count)s处") % {"count": len(result.findings)}
    return result


def dates(rows, per_page) -> RuleResult:
    """国办秘函〔2019〕19号 单项否决 严重错误 (虚假或伪造内容): a publication date later than now,
    or earlier than the information it publishes existed."""
    result = RuleResult("dates", _("发布日期"), _("发布日期晚于当前或早于信息形成日期（单项否决）"))
    result.findings = _gather(rows, per_page, "dates")
    result.veto = bool(result.findings)
    result.summary = _("%(count)s处") % {"count": len(result.findings)}
    return result
