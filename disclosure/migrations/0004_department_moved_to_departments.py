"""The column's department now lives in the departments app (same table, state only)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("disclosure", "0003_interpretation_headings"),
        ("departments", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="cataloguecolumn",
                    name="department",
                    field=models.ForeignKey(help_text="栏目内容由该科室提供、审核和发布（网站管理制度 第七至十三条）。", on_delete=django.db.models.deletion.PROTECT, related_name="catalogue_columns", to="departments.department", verbose_name="负责科室"),
                ),
            ],
            database_operations=[],
        ),
    ]
