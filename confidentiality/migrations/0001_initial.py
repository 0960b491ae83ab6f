"""SensitiveTerm and ScanRecord join this app from publishing (issue 15), keeping their tables.

Only Django's record of the models moves (state); the tables `publishing_sensitiveterm` and
`publishing_scanrecord` stay as they are, with their rows, so the upgrade copies nothing.
`publishing.0005_move_scanner_models_to_confidentiality` removes the models from publishing's
state, and 0002 here moves their content types (and so their permissions).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('publishing', '0003_sensitiveterm_scanrecord'),
        ('wagtailcore', '0098_apitoken'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='SensitiveTerm',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('term', models.CharField(max_length=100, unique=True, verbose_name='敏感词')),
                        ('severity', models.CharField(choices=[('block', '阻止发布'), ('warn', '提示')], default='warn', max_length=5, verbose_name='处理方式')),
                        ('note', models.CharField(blank=True, help_text='审查员看到该词时显示的说明，例如为什么不宜公开。', max_length=255, verbose_name='说明')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='添加时间')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='修改时间')),
                    ],
                    options={
                        'verbose_name': '敏感词',
                        'verbose_name_plural': '敏感词',
                        'db_table': 'publishing_sensitiveterm',
                        'ordering': ['term'],
                    },
                ),
                migrations.CreateModel(
                    name='ScanRecord',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('report', models.JSONField(default=dict, verbose_name='扫描结果')),
                        ('has_blocking', models.BooleanField(default=False, verbose_name='有阻止发布的问题')),
                        ('scanned_at', models.DateTimeField(auto_now_add=True, verbose_name='扫描时间')),
                        ('page', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='scan_records', to=settings.WAGTAIL_PAGE_MODEL, verbose_name='页面')),
                        ('revision', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailcore.revision', verbose_name='版本')),
                        ('scanned_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='发起人')),
                    ],
                    options={
                        'db_table': 'publishing_scanrecord',
                        'verbose_name': '保密扫描记录',
                        'verbose_name_plural': '保密扫描记录',
                        'ordering': ['-scanned_at', '-pk'],
                        'get_latest_by': 'scanned_at',
                    },
                ),
            ],
        ),
    ]
