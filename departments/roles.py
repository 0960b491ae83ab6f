"""The roles of the site as Wagtail groups, and the per-department groups that scope them.

A person gets a *role* group (what kind of work they do, e.g. 信息员) and, where the role works
inside one department, that department's *membership* group (科室：…, where they work). Two
things used to ride on that one group and are now apart:

- membership says which department a person belongs to; applications (and funds and
  complaints next) route work by it. It carries no permission at all, so an application
  handler (依申请公开办理人) of a department holds no page permission.
- the department's *editors* group (科室编辑：…) holds add and edit on the department's
  sections and the department's collection of documents and images. Nobody is put in it by
  hand: `sync_editors` keeps it equal to the members whose role drafts or reviews pages
  (信息员, 科室负责人), whenever someone's groups change.

Editors never delete, move, lock, unlock or unpublish: deletion and withdrawal belong to the
disclosure office (政务公开办公室), see `may_delete_pages` and the hooks in
`departments.wagtail_hooks`. Role groups carry model permissions only. `setup_roles` builds
everything, can be run any number of times, and turns an old setup (page permissions on the
membership group) into the new one.
"""

from dataclasses import dataclass, field

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page


@dataclass(frozen=True)
class Role:
    """One role of the organisation (信息员, 科室负责人 …): its group, the model permissions it
    needs, whether it works inside one department and whether it edits that department's pages."""

    key: str
    group_name: str
    description: str
    permissions: tuple[str, ...] = field(default_factory=tuple)
    works_in_department: bool = False
    edits_department_pages: bool = False


ADMIN_ACCESS = "wagtailadmin.access_admin"

EDITOR = Role(
    "editor", "信息员", "起草本科室负责栏目的内容", (ADMIN_ACCESS,), works_in_department=True,
    edits_department_pages=True,
)
DEPARTMENT_REVIEWER = Role(
    "reviewer", "科室负责人", "审核本科室内容的准确性，通过或退回",
    # issue 22: the head also signs off the department's replies to applications, so sees them.
    (ADMIN_ACCESS, "applications.view_disclosureapplication"), works_in_department=True,
    edits_department_pages=True,
)
CONFIDENTIALITY_OFFICER = Role(
    "officer", "保密审查员", "对拟公开内容进行保密审查",
    (ADMIN_ACCESS, "confidentiality.change_sensitiveterm", "confidentiality.view_sensitiveterm",
     "confidentiality.add_sensitiveterm"),
)
SIGNATORY = Role("signatory", "分管领导", "签发公开内容", (ADMIN_ACCESS,))
DISCLOSURE_OFFICE = Role(
    "office", "政务公开办公室", "管理公开目录、工作日历、依申请公开和年度报告",
    (
        ADMIN_ACCESS,
        "departments.add_department", "departments.change_department",
        "departments.delete_department",
        "departments.view_department",
        "departments.change_organisation",
        "disclosure.change_disclosuresettings",
        "wagtailcore.add_site",
        "workdays.add_holidayyear", "workdays.change_holidayyear",
        "workdays.delete_holidayyear", "workdays.view_holidayyear",
        "publishing.force_publish", "workdays.view_deadline_dashboard",
        "confidentiality.add_sensitiveterm", "confidentiality.change_sensitiveterm",
        "confidentiality.delete_sensitiveterm", "confidentiality.view_sensitiveterm",
        "search.add_searchterm", "search.change_searchterm", "search.delete_searchterm",
        "search.view_searchterm", "search.add_promotedresult",
        "search.change_promotedresult", "search.delete_promotedresult",
        "search.view_promotedresult", "search.view_querylog",
        "applications.add_disclosureapplication", "applications.change_disclosureapplication",
        "applications.view_disclosureapplication", "applications.manage_all_applications",
        "applications.approve_extension",
        "wagtailredirects.add_redirect", "wagtailredirects.change_redirect",
        "wagtailredirects.delete_redirect",
        # issue 19: the annual report's figures (表二 许可、处罚、强制、收费; 表四).
        "reports.add_annualreportfigures", "reports.change_annualreportfigures",
        "reports.view_annualreportfigures",
        # issue 20: the website inspection: its dashboard, thresholds and word lists.
        "inspection.view_inspection", "inspection.change_inspectionsettings",
        "inspection.add_leadername", "inspection.change_leadername",
        "inspection.delete_leadername", "inspection.view_leadername",
        "inspection.add_wrongexpression", "inspection.change_wrongexpression",
        "inspection.delete_wrongexpression", "inspection.view_wrongexpression",
        "inspection.add_websitereportfigures", "inspection.change_websitereportfigures",
        "inspection.view_websitereportfigures",
    ),
)
APPLICATION_HANDLER = Role(
    "handler", "依申请公开办理人", "办理转交本科室的依申请公开",
    (ADMIN_ACCESS, "applications.view_disclosureapplication",
     "applications.change_disclosureapplication"),
    works_in_department=True,
)

# --- issue 22: the head of the disclosure office (the handbook's 部门负责人 in 依申请公开流程图)
OFFICE_HEAD = Role(
    "office_head", "政务公开办公室负责人",
    "审核依申请公开的受理和转办意见，审签拒绝类答复和延期后的答复，批准延期",
    (ADMIN_ACCESS, "applications.view_disclosureapplication",
     "applications.change_disclosureapplication", "applications.manage_all_applications",
     "applications.approve_extension"),
)

# --- issue 14: the three administrators of 等保 2.0 (三员分立) -----------------------------------
# Each holds one of these and nothing else (accounts.separation): no two of them, and none of
# them with a role that publishes or handles content.
SYSTEM_ADMINISTRATOR = Role(
    "sysadmin", "系统管理员", "管理账号（经单位负责人审定）和系统设置",
    (ADMIN_ACCESS, "auth.add_user", "auth.change_user", "auth.view_user",
     "departments.view_department"),
)
SECURITY_ADMINISTRATOR = Role(
    "secadmin", "安全管理员", "管理安全设置、解除登录锁定、管理数字证书",
    (ADMIN_ACCESS, "accounts.unlock_accounts", "accounts.add_registeredcertificate",
     "accounts.change_registeredcertificate", "accounts.view_registeredcertificate"),
)
AUDIT_ADMINISTRATOR = Role(
    "auditadmin", "审计管理员", "查阅和导出审计记录（只读）",
    (ADMIN_ACCESS, "accounts.view_loginevent", "accounts.view_accountchange"),
)
ADMINISTRATOR_ROLES = (SYSTEM_ADMINISTRATOR, SECURITY_ADMINISTRATOR, AUDIT_ADMINISTRATOR)
# --- end issue 14 ---------------------------------------------------------------------------
# issues 17 and 18: the discipline-inspection body sees the funds' cross-checks (corpus 001 第十六、
# 二十四条) and handles complaints escalated after a dissatisfied answer (corpus 001 第二十三条).
DISCIPLINE_INSPECTION = Role("discipline", "纪检监察", "处理对职能科室答复不满意的投诉，查看比对结果", (ADMIN_ACCESS,))
# --- issue 14 (accounts): the unit head approves account changes in the site (corpus 001 第十三条:
# 账号的开设、变更和注销须经单位负责人审定). Not one of the 三员 and no publishing permission; as a
# role other than the 三员 it cannot be held together with one of them (accounts.separation).
UNIT_HEAD = Role(
    "unit_head", "单位负责人", "审定账号的开设、变更和停用",
    (ADMIN_ACCESS, "accounts.approve_accountchangerequest",
     "accounts.view_accountchangerequest"),
)
# --- end issue 14 (accounts) ----------------------------------------------------------------


ROLES = (EDITOR, DEPARTMENT_REVIEWER, CONFIDENTIALITY_OFFICER, SIGNATORY, DISCLOSURE_OFFICE,
         APPLICATION_HANDLER, OFFICE_HEAD,
         # issue 14
         SYSTEM_ADMINISTRATOR, SECURITY_ADMINISTRATOR, AUDIT_ADMINISTRATOR,
         # issue 17
         DISCIPLINE_INSPECTION,
         # issue 14 (accounts)
         UNIT_HEAD)


def role_by_key(key: str) -> Role:
    return next(role for role in ROLES if role.key == key)

# Page permissions a department's editors hold on its sections: they draft and submit, and
# never publish, lock or unlock (publication goes through the workflow; withdrawal and
# deletion are the office's).
DEPARTMENT_PAGE_PERMISSIONS = ("add_page", "change_page")
# The disclosure office may publish anywhere (force publish, withdrawal) and manage the tree.
OFFICE_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "bulk_delete_page",
                           "lock_page", "unlock_page")
DEPARTMENT_COLLECTION_PERMISSIONS = (
    ("wagtaildocs", "add_document"), ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
    ("wagtailimages", "add_image"), ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
)


def setup_roles() -> list[str]:
    """Create or update every role group and every department group; return what changed."""
    from departments.models import Department

    report = []
    with transaction.atomic():
        for role in ROLES:
            group, created = Group.objects.get_or_create(name=role.group_name)
            wanted = set(_permissions(role.permissions))
            if set(group.permissions.all()) != wanted:
                group.permissions.set(wanted)
                report.append(f"{'创建' if created else '更新'}角色组：{role.group_name}")
        _grant_office_pages()
        for department in Department.objects.all():
            report.extend(sync_department(department))
    return report


def sync_department(department) -> list[str]:
    """Give the department its membership group (no permissions) and its editors' group (add
    and edit on exactly its sections, its collection), and fill the editors' group."""
    report = []
    with transaction.atomic():
        members = _own_group(department, "group", department.group_name, report)
        editors = _own_group(department, "editors_group", department.editors_group_name, report)

        # An old setup kept page and collection permissions on the membership group.
        stale = (GroupPagePermission.objects.filter(group=members).delete()[0]
                 + GroupCollectionPermission.objects.filter(group=members).delete()[0])
        if stale:
            report.append(f"科室成员组不再带页面权限：{members.name}")

        page_ids = set(department.sections.values_list("page_id", flat=True))
        page_perms = list(Permission.objects.filter(
            content_type__app_label="wagtailcore", codename__in=DEPARTMENT_PAGE_PERMISSIONS))
        GroupPagePermission.objects.filter(group=editors).exclude(
            page_id__in=page_ids, permission__in=page_perms).delete()
        for page_id in page_ids:
            for permission in page_perms:
                GroupPagePermission.objects.get_or_create(
                    group=editors, page_id=page_id, permission=permission)

        collection = department_collection(department)
        for app_label, codename in DEPARTMENT_COLLECTION_PERMISSIONS:
            GroupCollectionPermission.objects.get_or_create(
                group=editors, collection=collection,
                permission=Permission.objects.get(content_type__app_label=app_label,
                                                  codename=codename))
        for user in members.user_set.all():
            sync_editors(user)
    return report


def sync_editors(user) -> None:
    """Put `user` in the editors' group of each department they belong to, if their role
    drafts or reviews pages; take them out of every other department's editors' group."""
    from departments.models import Department

    groups = set(user.groups.values_list("pk", flat=True))
    edits = Group.objects.filter(
        pk__in=groups, name__in=[role.group_name for role in ROLES
                                 if role.edits_department_pages]).exists()
    departments = Department.objects.exclude(editors_group=None)
    wanted = set(departments.filter(group__in=groups).values_list("editors_group", flat=True)
                 if edits else ())
    held = set(departments.filter(editors_group__in=groups)
               .values_list("editors_group", flat=True))
    if wanted - held:
        user.groups.add(*(wanted - held))
    if held - wanted:
        user.groups.remove(*(held - wanted))


def may_delete_pages(user) -> bool:
    """Deleting, moving and withdrawing pages is the disclosure office's (and a superuser's);
    a department's editors draft and submit, nothing more (网站管理制度 第七至十三条)."""
    return user.is_active and (user.is_superuser or has_role(user, DISCLOSURE_OFFICE))


def _own_group(department, field_name, name, report) -> Group:
    group = getattr(department, field_name)
    if group is None:
        group, _created = Group.objects.get_or_create(name=name)
        setattr(department, field_name, group)
        department.save(update_fields=[field_name])
        report.append(f"创建科室组：{group.name}")
    elif group.name != name:
        group.name = name
        group.save(update_fields=["name"])
    return group


def department_collection(department) -> Collection:
    """The department's own collection of documents and images, under the root collection."""
    root = Collection.get_first_root_node()
    name = f"科室：{department.name}"
    existing = root.get_children().filter(name=name).first()
    return existing or root.add_child(name=name)


def department_for_page(page):
    """The department that owns `page`: the one whose section is its nearest ancestor-or-self."""
    from departments.models import DepartmentSection

    section = (
        DepartmentSection.objects.filter(page__in=Page.objects.ancestor_of(page, inclusive=True))
        .select_related("department", "page")
        .order_by("-page__depth")
        .first()
    )
    return section.department if section else None


def departments_of(user):
    """The departments a user works in (through their department groups)."""
    from departments.models import Department

    return Department.objects.filter(group__in=user.groups.all())


def has_role(user, role: Role) -> bool:
    return user.is_active and user.groups.filter(name=role.group_name).exists()


def _grant_office_pages():
    group = Group.objects.get(name=DISCLOSURE_OFFICE.group_name)
    root = Page.get_first_root_node()
    for permission in Permission.objects.filter(content_type__app_label="wagtailcore",
                                                codename__in=OFFICE_PAGE_PERMISSIONS):
        GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)
    collection = Collection.get_first_root_node()
    for app_label, codename in DEPARTMENT_COLLECTION_PERMISSIONS + (
        ("wagtaildocs", "delete_document"), ("wagtailimages", "delete_image"),
    ):
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection,
            permission=Permission.objects.get(content_type__app_label=app_label,
                                              codename=codename))


def _permissions(names):
    """Resolve "app_label.codename" names; those of apps not yet built are skipped."""
    found = []
    for name in names:
        app_label, codename = name.split(".", 1)
        permission = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename).first()
        if permission is not None:
            found.append(permission)
    return found
