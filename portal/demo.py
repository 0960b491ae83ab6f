"""Demo content for the site's frame: the home page, top sections, departments and one user per
role. Written for this project; the organisation is fictional (示例市卫生健康委员会).

Every loader in the project has the same shape: `load(demo)` takes the `DemoSite` below, adds its
own content only when it is missing, and returns nothing. `manage.py load_demo` calls them in order.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import Page, Site

from departments.models import Department, DepartmentSection, Organisation
from departments.roles import (
    APPLICATION_HANDLER,
    AUDIT_ADMINISTRATOR,
    CONFIDENTIALITY_OFFICER,
    DEPARTMENT_REVIEWER,
    DISCLOSURE_OFFICE,
    EDITOR,
    SECURITY_ADMINISTRATOR,
    SIGNATORY,
    SYSTEM_ADMINISTRATOR,
    UNIT_HEAD,
    setup_roles,
)
from portal.models import HomePage, SectionPage

DEPARTMENTS = [
    # (code, name, email)
    ("bangongshi", "办公室", "bgs@example.gov.cn"),
    ("yizheng", "医政医管科", "yzk@example.gov.cn"),
    ("jikong", "疾病预防控制科", "jkk@example.gov.cn"),
    ("caiwu", "规划财务科", "cwk@example.gov.cn"),
    ("jiceng", "基层卫生健康科", "jck@example.gov.cn"),
]

# (username, full name, role, department code or None, password)
DEMO_USERS = [
    ("editor", "李文静", EDITOR, "yizheng", "editor-demo-2026"),
    ("reviewer", "王建国", DEPARTMENT_REVIEWER, "yizheng", "reviewer-demo-2026"),
    ("officer", "赵敏", CONFIDENTIALITY_OFFICER, None, "officer-demo-2026"),
    ("signatory", "陈志远", SIGNATORY, None, "signatory-demo-2026"),
    ("office", "孙丽华", DISCLOSURE_OFFICE, "bangongshi", "office-demo-2026"),
    ("handler", "周海涛", APPLICATION_HANDLER, "yizheng", "handler-demo-2026"),
    ("editor2", "吴晓燕", EDITOR, "jikong", "editor2-demo-2026"),
    # 等保 2.0: three administrators, none of them a content role, and the unit head who
    # approves their account changes (accounts/).
    ("sysadmin", "郑国栋", SYSTEM_ADMINISTRATOR, None, "sysadmin-demo-2026"),
    ("secadmin", "冯雅琴", SECURITY_ADMINISTRATOR, None, "secadmin-demo-2026"),
    ("auditadmin", "何立新", AUDIT_ADMINISTRATOR, None, "auditadmin-demo-2026"),
    ("unithead", "马振华", UNIT_HEAD, None, "unithead-demo-2026"),
]
SUPERUSER = ("admin", "系统管理员", "admin-demo-2026")


@dataclass
class DemoSite:
    """What the loaders share: the home page, the departments by code, and who was created."""

    home: HomePage
    departments: dict[str, Department]
    created_logins: list[tuple[str, str, str]] = field(default_factory=list)

    def department(self, code: str) -> Department:
        return self.departments[code]


def load() -> DemoSite:
    with transaction.atomic():
        setup_roles()
        home = _home_page()
        departments = {code: Department.objects.get_or_create(
            code=code, defaults={"name": name, "email": email})[0]
            for code, name, email in DEPARTMENTS}
        _site_settings(home)
        _sections(home, departments)
        demo = DemoSite(home=home, departments=departments)
        _users(demo)
    return demo


def _home_page() -> HomePage:
    existing = HomePage.objects.first()
    if existing:
        return existing
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(
        title="示例市卫生健康委员会", slug="shouye",
        intro="<p>欢迎访问示例市卫生健康委员会政府信息公开平台。"
              "您可以在这里查阅政策文件及其解读、预决算、工作动态和公示公告，"
              "也可以在线提出政府信息公开申请并查询办理进度。</p>",
    ))
    site = Site.objects.filter(is_default_site=True).first()
    old_root = site.root_page if site else None
    if site:
        site.root_page = home
        site.site_name = "示例市卫生健康委员会"
        site.save()
    else:
        Site.objects.create(hostname="localhost", port=80, root_page=home,
                            is_default_site=True, site_name="示例市卫生健康委员会")
    if old_root and old_root.pk != home.pk and old_root.specific_class is Page:
        old_root.delete()  # Wagtail's own "Welcome" page
    return home


def _site_settings(home):
    site = Site.objects.get(root_page=home)
    settings = Organisation.for_site(site)
    if settings.address:
        return
    settings.organisation_name = "示例市卫生健康委员会"
    settings.organisation_code = "11410400MB0000000X"
    settings.address = "示例市建设路88号卫生健康大楼"
    settings.postcode = "467000"
    settings.phone = "0375-0000000"
    settings.email = "gongkai@example.gov.cn"
    settings.icp_number = "示ICP备00000000号"
    settings.public_security_number = "示公网安备 41040000000000号"
    settings.site_identifier = "4104000000"
    settings.save()


def _sections(home, departments):
    if home.get_children().exists():
        return
    about = home.add_child(instance=SectionPage(
        title="机构概况", slug="about", show_in_menus=True,
        search_description="本委的职能、内设机构和领导分工。",
        body="<p>示例市卫生健康委员会是市人民政府工作部门，负责全市卫生健康工作，"
             "拟订卫生健康事业发展政策措施，统筹规划卫生健康资源配置，"
             "协调推进医药卫生体制改革，组织开展疾病预防控制和爱国卫生运动。</p>",
    ))
    about.add_child(instance=SectionPage(
        title="内设机构", slug="offices",
        body="<p>本委设办公室、医政医管科、疾病预防控制科、规划财务科、基层卫生健康科等内设机构。"
             "办公室承担政务公开日常工作，受理政府信息公开申请。</p>",
    ))
    about.add_child(instance=SectionPage(
        title="领导信息", slug="leaders",
        body="<p>领导班子成员的姓名、职务和分工以本委正式公布的任免文件为准。</p>",
    ))
    interaction = home.add_child(instance=SectionPage(
        title="互动交流", slug="interaction", show_in_menus=True,
        search_description="在线咨询、建议、投诉举报和领导信箱，可凭编号查询办理进度和答复。",
        body="<p>咨询电话：0375-0000000（工作日 8:30—12:00，14:30—17:30）。"
             "咨询、建议、投诉举报和领导信箱请在“留言与答复”中提交，凭留言编号和查询码查看办理进度；"
             "申请获取政府信息请走依申请公开渠道。</p>",
    ))
    DepartmentSection.objects.get_or_create(page=about, defaults={
        "department": departments["bangongshi"]})
    DepartmentSection.objects.get_or_create(page=interaction, defaults={
        "department": departments["bangongshi"]})


def _users(demo: DemoSite):
    User = get_user_model()
    for username, full_name, role, department_code, password in DEMO_USERS:
        if User.objects.filter(username=username).exists():
            continue
        user = User.objects.create_user(
            username=username, password=password, email=f"{username}@example.gov.cn",
            first_name=full_name[1:], last_name=full_name[0])
        user.groups.add(Group.objects.get(name=role.group_name))
        if department_code:
            user.groups.add(demo.department(department_code).group)
        department = demo.departments[department_code].name if department_code else "—"
        demo.created_logins.append((username, password, f"{role.group_name}（{department}）"))
    username, full_name, password = SUPERUSER
    if not User.objects.filter(username=username).exists():
        User.objects.create_superuser(username=username, password=password,
                                      email="admin@example.gov.cn",
                                      first_name=full_name, last_name="")
        demo.created_logins.append((username, password, "超级管理员（系统维护）"))
