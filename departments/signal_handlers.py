"""Keep each department's group in step with the sections it owns."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Department, DepartmentSection
from .roles import sync_department


@receiver(post_save, sender=Department)
def department_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields and set(update_fields) == {"group"}):
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
