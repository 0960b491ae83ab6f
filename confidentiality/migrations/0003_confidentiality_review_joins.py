"""ConfidentialityReview and FindingOverride join this app from publishing (issue 15), keeping
their tables `publishing_confidentialityreview` and `publishing_findingoverride` and their rows.

Only Django's record of the models moves (state); `publishing.0006` removes them from
publishing's state, and 0004 here moves their content types (and so their permissions).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('confidentiality', '0002_move_content_types'),
        ('publishing', '0005_move_scanner_models_to_confidentiality'),
        ('wagtailcore', '0098_apitoken'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='ConfidentialityReview',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('scan_report', models.JSONField(blank=True, default=dict, verbose_name='自动扫描结果')),
                        ('scan_error', models.TextField(blank=True, verbose_name='扫描错误')),
                        ('scanned_at', models.DateTimeField(blank=True, null=True, verbose_name='扫描时间')),
                        ('checklist', models.JSONField(blank=True, default=list, verbose_name='已逐项确认')),
                        ('signature', models.CharField(blank=True, max_length=50, verbose_name='签名')),
                        ('signed_at', models.DateTimeField(blank=True, null=True, verbose_name='签名时间')),
                        ('page', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.WAGTAIL_PAGE_MODEL)),
                        ('revision', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='confidentiality_reviews', to='wagtailcore.revision')),
                        ('signed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='审查人')),
                        ('task_state', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='confidentiality_review', to='wagtailcore.taskstate')),
                    ],
                    options={
                        'verbose_name': '保密审查记录',
                        'verbose_name_plural': '保密审查记录',
                        'db_table': 'publishing_confidentialityreview',
                    },
                ),
                migrations.CreateModel(
                    name='FindingOverride',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('finding_index', models.PositiveIntegerField()),
                        ('finding', models.JSONField(default=dict, verbose_name='发现项')),
                        ('reason', models.TextField(verbose_name='放行理由')),
                        ('at', models.DateTimeField(auto_now_add=True, verbose_name='时间')),
                        ('by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('review', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='overrides', to='confidentiality.confidentialityreview')),
                    ],
                    options={
                        'verbose_name': '扫描发现放行记录',
                        'verbose_name_plural': '扫描发现放行记录',
                        'db_table': 'publishing_findingoverride',
                        'constraints': [models.UniqueConstraint(fields=('review', 'finding_index'), name='one_override_per_finding')],
                    },
                ),
            ],
        ),
    ]
