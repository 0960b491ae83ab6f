"""The organisation's site setting moves from portal (as `PortalSettings`) to this room (as
`Organisation`): content apps read it, and portal sits above them. The table stays."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("departments", "0003_department_editors_group"),
        ("portal", "0002_departments_moved_out"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Organisation",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("organisation_name", models.CharField(default="示例市卫生健康委员会", max_length=100, verbose_name="主办单位")),
                        ("organisation_code", models.CharField(default="000000000", help_text="统一社会信用代码或组织机构代码，用于生成索引号。", max_length=30, verbose_name="组织机构代码")),
                        ("address", models.CharField(blank=True, max_length=200, verbose_name="地址")),
                        ("postcode", models.CharField(blank=True, max_length=10, verbose_name="邮政编码")),
                        ("phone", models.CharField(blank=True, max_length=60, verbose_name="联系电话")),
                        ("email", models.EmailField(blank=True, max_length=254, verbose_name="联系邮箱")),
                        ("icp_number", models.CharField(blank=True, max_length=60, verbose_name="ICP备案号")),
                        ("public_security_number", models.CharField(blank=True, max_length=60, verbose_name="公安机关备案号")),
                        ("site_identifier", models.CharField(blank=True, max_length=30, verbose_name="网站标识码")),
                        ("site", models.OneToOneField(editable=False, on_delete=django.db.models.deletion.CASCADE, to="wagtailcore.site")),
                    ],
                    options={"verbose_name": "网站信息", "db_table": "portal_portalsettings"},
                ),
            ],
            database_operations=[],
        ),
    ]
