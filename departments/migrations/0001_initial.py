"""Department and DepartmentSection move here from portal, keeping their tables.

Only Django's idea of where the models live changes (state); the tables `portal_department`
and `portal_departmentsection` stay as they are, with their rows.
"""

import django.db.models.deletion
import modelcluster.fields
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "0098_apitoken"),
        ("portal", "0001_initial"),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Department",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("name", models.CharField(max_length=100, unique=True, verbose_name="名称")),
                        ("code", models.SlugField(help_text="英文字母、数字或连字符，用于内部标识，例如 yizheng。", unique=True, verbose_name="代码")),
                        ("email", models.EmailField(blank=True, help_text="到期提醒等通知发往此邮箱。", max_length=254, verbose_name="科室邮箱")),
                        ("phone", models.CharField(blank=True, max_length=40, verbose_name="联系电话")),
                        ("is_active", models.BooleanField(default=True, verbose_name="启用")),
                        ("group", models.OneToOneField(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="department", to="auth.group", verbose_name="权限组")),
                    ],
                    options={
                        "verbose_name": "科室",
                        "verbose_name_plural": "科室",
                        "db_table": "portal_department",
                        "ordering": ["name"],
                    },
                ),
                migrations.CreateModel(
                    name="DepartmentSection",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("sort_order", models.IntegerField(blank=True, editable=False, null=True)),
                        ("department", modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name="sections", to="departments.department")),
                        ("page", models.OneToOneField(help_text="一个栏目只能由一个科室负责。", on_delete=django.db.models.deletion.CASCADE, related_name="department_section", to=settings.WAGTAIL_PAGE_MODEL, verbose_name="栏目")),
                    ],
                    options={
                        "verbose_name": "负责栏目",
                        "verbose_name_plural": "负责栏目",
                        "db_table": "portal_departmentsection",
                        "ordering": ["sort_order"],
                        "abstract": False,
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
