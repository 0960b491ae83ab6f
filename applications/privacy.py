"""Who may see an application and its applicant's personal data, and who reviews it.

Only the disclosure office (permission manage_all_applications), the handlers of the
department an application is assigned to and that department's head (who signs off its
replies) see it; elsewhere personal data is masked as 张*三, 410***********1234. Lists always
show it masked, by the project's one rule (`personaldata.mask_name`).
"""

from departments.roles import departments_of, has_role, role_by_key

from .conf import setting
from .models import DisclosureApplication

MANAGE_ALL = "applications.manage_all_applications"
HANDLE = "applications.change_disclosureapplication"
VIEW = "applications.view_disclosureapplication"


def is_office(user) -> bool:
    return user.is_active and user.has_perm(MANAGE_ALL)


def visible_applications(user):
    """The applications a staff user may open at all."""
    if is_office(user):
        return DisclosureApplication.objects.all()
    if user.is_active and user.has_perm(VIEW):
        return DisclosureApplication.objects.filter(department__in=departments_of(user))
    return DisclosureApplication.objects.none()


def can_handle(user, application) -> bool:
    """The office, or a handler of the department the application is assigned to."""
    if is_office(user):
        return True
    return (user.is_active and user.has_perm(HANDLE) and application.department_id is not None
            and departments_of(user).filter(pk=application.department_id).exists())


def can_see_personal_data(user, application) -> bool:
    return can_handle(user, application) or is_department_signer(user, application)


def is_routing_reviewer(user) -> bool:
    """The head of the disclosure office, who reviews acceptance and routing (a setting)."""
    return has_role(user, role_by_key(setting("APPLICATION_ROUTING_REVIEWER_ROLE")))


def is_office_signer(user) -> bool:
    return has_role(user, role_by_key(setting("APPLICATION_OFFICE_SIGNER_ROLE")))


def is_department_signer(user, application) -> bool:
    """The head (科室负责人) of the department the application is assigned to."""
    return (application.department_id is not None
            and has_role(user, role_by_key(setting("APPLICATION_DEPARTMENT_SIGNER_ROLE")))
            and departments_of(user).filter(pk=application.department_id).exists())

