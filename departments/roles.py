"""The roles of the site as Wagtail groups, and the per-department groups that scope them.

A person gets a *role* group (what kind of work they do, e.g. 信息员) and, where the role works
inside one department, that department's group (where they may do it). Role groups carry model
permissions only; department groups carry the page permissions on the department's sections and
the document/image permissions on the department's collection. `setup_roles` builds both and can
be run any number of times.
"""

from dataclasses import dataclass, field

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page


@dataclass(frozen=True)
class Role:
    """One role of DESIGN.md: its group name and the model permissions it needs."""

    key: str
    group_name: str
    description: str
    permissions: tuple[str, ...] = field(default_factory=tuple)
    works_in_department: bool = False


ADMIN_ACCESS = "wagtailadmin.access_admin"

EDITOR = Role(
    "editor", "信息员", "起草本科室负责栏目的内容", (ADMIN_ACCESS,), works_in_department=True,
)
DEPARTMENT_REVIEWER = Role(
    "reviewer", "科室负责人", "审核本科室内容的准确性，通过或退回",
    (ADMIN_ACCESS,), works_in_department=True,
)
CONFIDENTIALITY_OFFICER = Role(
    "officer", "保密审查员", "对拟公开内容进行保密审查",
    (ADMIN_ACCESS, "publishing.change_sensitiveterm", "publishing.view_sensitiveterm",
     "publishing.add_sensitiveterm"),
)
SIGNATORY = Role("signatory", "分管领导", "签发公开内容", (ADMIN_ACCESS,))
DISCLOSURE_OFFICE = Role(
    "office", "政务公开办公室", "管理公开目录、工作日历、依申请公开和年度报告",
    (
        ADMIN_ACCESS,
        "departments.add_department", "departments.change_department",
        "departments.delete_department",
        "departments.view_department",
        "portal.change_portalsettings",
        "disclosure.change_disclosuresettings",
        "wagtailcore.add_site",
        "publishing.add_holidayyear", "publishing.change_holidayyear",
        "publishing.delete_holidayyear", "publishing.view_holidayyear",
        "publishing.force_publish", "publishing.view_deadline_dashboard",
        "publishing.add_sensitiveterm", "publishing.change_sensitiveterm",
        "publishing.delete_sensitiveterm", "publishing.view_sensitiveterm",
        "search.add_searchterm", "search.change_searchterm", "search.delete_searchterm",
        "search.view_searchterm", "search.add_promotedresult",
        "search.change_promotedresult", "search.delete_promotedresult",
        "search.view_promotedresult", "search.view_querylog",
        "applications.add_disclosureapplication", "applications.change_disclosureapplication",
        "applications.view_disclosureapplication", "applications.manage_all_applications",
        "applications.approve_extension",
        "wagtailredirects.add_redirect", "wagtailredirects.change_redirect",
        "wagtailredirects.delete_redirect",
    ),
)
APPLICATION_HANDLER = Role(
    "handler", "依申请公开办理人", "办理转交本科室的依申请公开",
    (ADMIN_ACCESS, "applications.view_disclosureapplication",
     "applications.change_disclosureapplication"),
    works_in_department=True,
)

ROLES = (EDITOR, DEPARTMENT_REVIEWER, CONFIDENTIALITY_OFFICER, SIGNATORY, DISCLOSURE_OFFICE,
         APPLICATION_HANDLER)

# Page permissions a department's members hold on its sections: they draft and submit, and
# never publish directly (publication goes through the workflow).
DEPARTMENT_PAGE_PERMISSIONS = ("add_page", "change_page", "lock_page", "unlock_page")
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
    """Make the department's group hold exactly the permissions on its sections."""
    report = []
    with transaction.atomic():
        group = department.group
        if group is None:
            group, _ = Group.objects.get_or_create(name=department.group_name)
            department.group = group
            department.save(update_fields=["group"])
            report.append(f"创建科室组：{group.name}")
        elif group.name != department.group_name:
            group.name = department.group_name
            group.save(update_fields=["name"])

        page_ids = set(department.sections.values_list("page_id", flat=True))
        page_perms = list(Permission.objects.filter(
            content_type__app_label="wagtailcore", codename__in=DEPARTMENT_PAGE_PERMISSIONS))
        GroupPagePermission.objects.filter(group=group).exclude(page_id__in=page_ids).delete()
        for page_id in page_ids:
            for permission in page_perms:
                GroupPagePermission.objects.get_or_create(
                    group=group, page_id=page_id, permission=permission)

        collection = department_collection(department)
        for app_label, codename in DEPARTMENT_COLLECTION_PERMISSIONS:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection,
                permission=Permission.objects.get(content_type__app_label=app_label,
                                                  codename=codename))
    return report


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
