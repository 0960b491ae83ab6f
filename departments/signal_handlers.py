"""Keep each department's groups in step with the sections it owns and the people in it.

Connected in `DepartmentsConfig.ready()`.
"""

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from .models import Department, DepartmentSection
from .roles import sync_department, sync_editors


@receiver(post_save, sender=Department)
def department_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields and set(update_fields) <= {"group", "editors_group"}):
        return
    sync_department(instance)


@receiver(post_save, sender=DepartmentSection)
@receiver(post_delete, sender=DepartmentSection)
def section_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    department = Department.objects.filter(pk=instance.department_id).first()
    if department is not None:
        sync_department(department)


@receiver(m2m_changed, sender=get_user_model().groups.through)
def groups_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """A person joined or left a role or a department: their editors' groups follow.

    `sync_editors` changes groups itself; the second round finds nothing to change.
    """
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        sync_editors(instance)
    elif pk_set:
        for user in get_user_model().objects.filter(pk__in=pk_set):
            sync_editors(user)
