"""The standard catalogue (基层政务公开标准目录) loaded as columns: idempotent, elements shown."""

import json

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Revision

from departments.models import Department
from disclosure.models import CatalogueColumn, ColumnElement
from disclosure.standard_catalogue import SHIPPED_HEALTH_CATALOGUE, load_standard_catalogue

pytestmark = pytest.mark.django_db


@pytest.fixture
def health_departments(db):
    return {name: Department.objects.create(code=code, name=name) for code, name in (
        ("jikong", "疾病预防控制科"), ("jiceng", "基层卫生健康科"), ("yizheng", "医政医管科"))}


def _state():
    columns = CatalogueColumn.objects.exclude(standard_code="").order_by("path")
    return ([(c.standard_code, c.title, c.path, c.department_id, c.deadline_days,
              c.deadline_unit, c.disclosure_mode) for c in columns],
            list(ColumnElement.objects.order_by("pk").values_list("pk", "name", "content",
                                                                   "to_complete")),
            Revision.objects.count())


def test_shipped_health_catalogue_loads_idempotently(catalogue, health_departments):
    first = load_standard_catalogue(SHIPPED_HEALTH_CATALOGUE)
    data = json.loads(SHIPPED_HEALTH_CATALOGUE.read_text(encoding="utf-8"))
    items = sum(len(area["items"]) for area in data["areas"])
    assert len(first.created) == items + len(data["areas"])
    before = _state()
    second = load_standard_catalogue(SHIPPED_HEALTH_CATALOGUE)
    assert second.created == [] and second.updated == []
    assert len(second.unchanged) == items + len(data["areas"])
    assert _state() == before

    vaccination = CatalogueColumn.objects.get(standard_code="ggws-ymjz")
    assert vaccination.get_parent().specific.standard_code == "ggws"
    assert vaccination.department.name == "疾病预防控制科"
    # 20 working days by default (条例 第二十六条 is the limit); the price item says 10.
    assert (vaccination.deadline_days, vaccination.deadline_unit) == (20, "working")
    assert CatalogueColumn.objects.get(standard_code="ylws-jgxx").deadline_days == 10
    names = [element.name for element in vaccination.elements.all()]
    assert names == ["法规政策", "服务对象", "机构名称、地点、时间", "项目内容", "流程", "要求",
                     "投诉渠道"]
    assert [e.name for e in vaccination.elements_to_complete()] == ["机构名称、地点、时间",
                                                                    "投诉渠道"]


def test_office_completion_survives_a_second_load_and_a_changed_file_updates(
        catalogue, health_departments, tmp_path):
    load_standard_catalogue(SHIPPED_HEALTH_CATALOGUE)
    vaccination = CatalogueColumn.objects.get(standard_code="ggws-ymjz")
    element = vaccination.elements.get(name="机构名称、地点、时间")
    element.content = "东城区社区卫生服务中心预防接种门诊，周二至周六 8:00—11:30"
    element.save()
    load_standard_catalogue(SHIPPED_HEALTH_CATALOGUE)
    assert ColumnElement.objects.get(pk=element.pk).content.startswith("东城区")

    data = json.loads(SHIPPED_HEALTH_CATALOGUE.read_text(encoding="utf-8"))
    data["areas"][0]["items"][0]["channels"] = "本机关门户网站"
    changed = tmp_path / "catalogue.json"
    changed.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    report = load_standard_catalogue(changed)
    assert report.updated == ["ggws-ymjz"]
    vaccination = CatalogueColumn.objects.get(standard_code="ggws-ymjz")
    assert vaccination.channels == "本机关门户网站"
    assert vaccination.elements.get(name="机构名称、地点、时间").content.startswith("东城区")


def test_column_page_shows_the_elements_and_hides_those_still_to_complete(
        client, catalogue, health_departments):
    load_standard_catalogue(SHIPPED_HEALTH_CATALOGUE)
    vaccination = CatalogueColumn.objects.get(standard_code="ggws-ymjz")
    html = client.get(vaccination.url).content.decode()
    assert "公开事项要素" in html and "法规政策" in html and "《中华人民共和国疫苗管理法》" in html
    assert "信息形成或变更之日起 20 个工作日内" in html
    assert "机构名称、地点、时间" not in html  # to be completed by the office first


def test_command_refuses_unknown_department_and_bad_deadline_with_a_chinese_message(
        catalogue, tmp_path):
    data = {"areas": [{"code": "a", "title": "领域", "department": "不存在的科",
                       "items": [{"code": "a-1", "title": "事项"}]}]}
    path = tmp_path / "c.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CommandError, match="--department"):
        call_command("load_standard_catalogue", str(path))
    Department.objects.create(code="bgs", name="办公室")
    data["areas"][0]["items"][0]["deadline_days"] = 30
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CommandError, match="第二十六条"):
        call_command("load_standard_catalogue", str(path), "--department", "bgs")
    assert not CatalogueColumn.objects.filter(standard_code__in=["a", "a-1"]).exists()
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(CommandError, match="格式错误"):
        call_command("load_standard_catalogue", str(broken))


def test_a_column_with_an_unpublished_draft_is_left_alone_and_reported(
        catalogue, health_departments, tmp_path):
    load_standard_catalogue(SHIPPED_HEALTH_CATALOGUE)
    column = CatalogueColumn.objects.get(standard_code="ggws-ymjz")
    column.title = "预防接种（修改中）"
    column.save_revision()  # a draft of the office's, not yet published
    data = json.loads(SHIPPED_HEALTH_CATALOGUE.read_text(encoding="utf-8"))
    data["areas"][0]["items"][0]["audience"] = "辖区居民"
    changed = tmp_path / "catalogue.json"
    changed.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    report = load_standard_catalogue(changed)
    assert report.skipped == ["ggws-ymjz"] and "ggws-ymjz" in report.summary()
    column = CatalogueColumn.objects.get(standard_code="ggws-ymjz")
    assert column.audience == "全社会"
    assert column.get_latest_revision_as_object().title == "预防接种（修改中）"
