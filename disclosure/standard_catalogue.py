"""Loading a standard catalogue (基层政务公开标准目录) into the column tree.

A catalogue file (JSON; YAML when PyYAML is installed) has areas, each with items:

    {"name": "...", "source": "...", "areas": [
      {"code": "ggws", "title": "公共卫生", "department": "疾病预防控制科", "items": [
        {"code": "ggws-ymjz", "title": "预防接种", "department": "疾病预防控制科",
         "basis": "...", "deadline_days": 20, "responsible_body": "...", "channels": "...",
         "audience": "...", "mode": "proactive",
         "elements": [{"name": "法规政策", "content": "..."},
                      {"name": "机构名称、地点、时间", "to_complete": true}]}]}]}

Each area becomes a column under the catalogue root and each item a column under its area,
found again by its code (`standard_code`), so a second run changes nothing. The deadline is 20
working days unless the item says otherwise (条例 第二十六条 caps it at 20). An element marked
`to_complete` has to be written by the office from its own published guideline (the full
national text is not available offline); what the office wrote is kept on a later run.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from departments.models import Department
from disclosure.models.catalogue import (
    MODE_CHOICES,
    RULE_GENERAL,
    STATUTORY_LIMIT_WORKING_DAYS,
    UNIT_WORKING,
    CatalogueColumn,
    CatalogueRoot,
    ColumnElement,
)

DEFAULT_DEADLINE_DAYS = 20  # 条例 第二十六条: 20 working days at the most, the standard's default
SHIPPED_HEALTH_CATALOGUE = Path(__file__).parent / "data" / "health_standard_catalogue.json"


class CatalogueFileError(Exception):
    """The file cannot be loaded; the message says where and why (nothing is written)."""


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    # Columns with a draft the office has not published: left alone, so no edit is lost.
    skipped: list[str] = field(default_factory=list)
    to_complete: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = _("新建栏目 %(c)d 个，更新 %(u)d 个，未变 %(n)d 个；待本机关补充的要素 %(t)d 项。") % {
            "c": len(self.created), "u": len(self.updated), "n": len(self.unchanged),
            "t": len(self.to_complete)}
        if self.skipped:
            text += _("有未发布修改、本次未更新的栏目：%(codes)s。") % {"codes": "、".join(self.skipped)}
        return text


def read_catalogue_file(path) -> dict:
    path = Path(path)
    if not path.is_file():
        raise CatalogueFileError(_("找不到标准目录文件：%(path)s") % {"path": path})
    text = path.read_text(encoding="utf-8")
    try:
        if path.suffix.lower() in (".yaml", ".yml"):
            try:
                import yaml
            except ImportError as error:
                raise CatalogueFileError(_("读取 YAML 需要安装 PyYAML；也可改用 JSON 文件。")) from error
            data = yaml.safe_load(text)
        else:
            data = json.loads(text)
    except ValueError as error:
        raise CatalogueFileError(_("标准目录文件格式错误：%(error)s") % {"error": error}) from error
    if not isinstance(data, dict) or not isinstance(data.get("areas"), list):
        raise CatalogueFileError(_("标准目录文件应为一个对象，并含有 areas 列表。"))
    return data


def load_standard_catalogue(path, *, default_department: str | None = None,
                            user=None) -> LoadReport:
    """Create or update the columns of the catalogue file at `path`, published in the name of
    `user` (the page history says who); all or nothing."""
    data = read_catalogue_file(path)
    catalogue = CatalogueRoot.objects.first()
    if catalogue is None:
        raise CatalogueFileError(_("网站尚无政府信息公开目录，请先建立目录根页面。"))
    fallback = None
    if default_department:
        fallback = Department.objects.filter(code=default_department).first()
        if fallback is None:
            raise CatalogueFileError(_("找不到科室代码“%(code)s”。") % {"code": default_department})
    areas = [_area(area, index, fallback) for index, area in enumerate(data["areas"], start=1)]
    report = LoadReport()
    with transaction.atomic():
        for area in areas:
            area_column = _upsert(catalogue, area, report, user)
            for item in area["items"]:
                _upsert(area_column, item, report, user)
    return report


# --- reading one area or item, with its place in the file for the error message -------------


def _area(raw, index, fallback) -> dict:
    where = _("第 %(n)d 个领域") % {"n": index}
    if not isinstance(raw, dict):
        raise CatalogueFileError(_("%(where)s应为一个对象。") % {"where": where})
    area = _entry(raw, where, fallback, None)
    items = raw.get("items")
    if not isinstance(items, list) or not items:
        raise CatalogueFileError(_("%(where)s缺少事项列表 items。") % {"where": where})
    area["items"] = [_entry(item, _("%(where)s第 %(n)d 个事项") % {"where": where, "n": n},
                            fallback, area["department"])
                     for n, item in enumerate(items, start=1)]
    return area


def _entry(raw, where, fallback, parent_department) -> dict:
    if not isinstance(raw, dict):
        raise CatalogueFileError(_("%(where)s应为一个对象。") % {"where": where})
    for name in ("code", "title"):
        if not str(raw.get(name) or "").strip():
            raise CatalogueFileError(_("%(where)s缺少 %(name)s。") % {"where": where, "name": name})
    department = None
    if raw.get("department"):
        department = Department.objects.filter(name=raw["department"]).first()
    department = department or parent_department or fallback
    if department is None:
        raise CatalogueFileError(
            _("%(where)s（%(title)s）的负责科室“%(name)s”在本网站不存在；"
              "请用 --department 指定承担这些事项的科室。")
            % {"where": where, "title": raw["title"], "name": raw.get("department", "")})
    days = raw.get("deadline_days", DEFAULT_DEADLINE_DAYS)
    if not isinstance(days, int) or not 1 <= days <= STATUTORY_LIMIT_WORKING_DAYS:
        raise CatalogueFileError(
            _("%(where)s的公开时限应为 1 至 20 个工作日（《政府信息公开条例》第二十六条）。")
            % {"where": where})
    mode = raw.get("mode", "")
    if mode and mode not in dict(MODE_CHOICES):
        raise CatalogueFileError(_("%(where)s的公开方式“%(mode)s”无法识别，可用：proactive、"
                                   "on_application、both。") % {"where": where, "mode": mode})
    elements = []
    for element in raw.get("elements", []):
        if not isinstance(element, dict) or not str(element.get("name") or "").strip():
            raise CatalogueFileError(_("%(where)s有一个要素缺少 name。") % {"where": where})
        elements.append({"name": element["name"].strip(),
                         "content": str(element.get("content") or "").strip(),
                         "to_complete": bool(element.get("to_complete"))})
    code = str(raw["code"]).strip()
    return {
        "code": code, "title": str(raw["title"]).strip(), "slug": code.lower()[:50],
        "department": department, "deadline_days": days,
        "fields": {
            "standard_basis": str(raw.get("basis") or "").strip(),
            "responsible_body": str(raw.get("responsible_body") or "").strip(),
            "channels": str(raw.get("channels") or "").strip(),
            "audience": str(raw.get("audience") or "").strip(),
            "disclosure_mode": mode,
            "intro": f"<p>{raw['summary']}</p>" if raw.get("summary") else "",
        },
        "elements": elements,
    }


# --- writing --------------------------------------------------------------------------------


def _upsert(parent, entry, report, user) -> CatalogueColumn:
    column = CatalogueColumn.objects.filter(standard_code=entry["code"]).first()
    wanted = dict(entry["fields"], title=entry["title"], department_id=entry["department"].pk,
                  rule=RULE_GENERAL, deadline_days=entry["deadline_days"],
                  deadline_unit=UNIT_WORKING)
    if column is None:
        column = CatalogueColumn(standard_code=entry["code"], slug=_free_slug(parent, entry),
                                 live=True, **wanted)
        _set_elements(column, entry["elements"])
        _validate(column, entry)
        parent.add_child(instance=column)
        column.save_revision(user=user).publish(user=user, skip_permission_checks=True)
        report.created.append(entry["code"])
    else:
        column = column.specific
        changed = [name for name, value in wanted.items() if getattr(column, name) != value]
        for name in changed:
            setattr(column, name, wanted[name])
        if _set_elements(column, entry["elements"]):
            changed.append("elements")
        if changed and column.has_unpublished_changes:
            report.skipped.append(entry["code"])
            column = CatalogueColumn.objects.get(pk=column.pk)
        elif changed:
            _validate(column, entry)
            column.save_revision(user=user).publish(user=user, skip_permission_checks=True)
            report.updated.append(entry["code"])
        else:
            report.unchanged.append(entry["code"])
    report.to_complete += [f"{entry['title']}：{element.name}"
                           for element in column.elements_to_complete()]
    return column


def _set_elements(column, elements) -> bool:
    """Give the column the file's elements in order; what the office wrote into an element it
    had to complete is kept. True when anything differs from what the column holds."""
    existing = {element.name: element for element in column.elements.all()}
    rows = []
    for order, element in enumerate(elements):
        row = existing.get(element["name"]) or ColumnElement(name=element["name"])
        content = element["content"]
        if element["to_complete"] and not content:
            content = row.content  # the office's own text stays
        row.content, row.to_complete, row.sort_order = content, element["to_complete"], order
        rows.append(row)
    before = [(e.name, e.content, e.to_complete) for e in column.elements.all()]
    after = [(e.name, e.content, e.to_complete) for e in rows]
    if before == after:
        return False
    column.elements = rows
    return True


def _validate(column, entry):
    try:
        column.clean()
    except ValidationError as error:
        raise CatalogueFileError(_("事项“%(title)s”无法保存：%(error)s") % {
            "title": entry["title"], "error": "；".join(error.messages)}) from error


def _free_slug(parent, entry) -> str:
    slug = entry["slug"]
    taken = set(parent.get_children().values_list("slug", flat=True))
    candidate, n = slug, 2
    while candidate in taken:
        candidate = f"{slug}-{n}"
        n += 1
    return candidate
