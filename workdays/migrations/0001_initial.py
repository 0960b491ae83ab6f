"""The holiday table and the record of moved deadlines, taken over from the publishing app.

The tables already exist (publishing's migration 0001 created them, under the names kept by
`db_table`), so this migration only tells Django's state that the models are now this app's;
publishing's 0004 drops them from that app's state. Nothing is created or renamed in the
database.
"""

import django.db.models.deletion
import modelcluster.fields
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('publishing', '0003_sensitiveterm_scanrecord'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='DeadlineChange',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('object_id', models.CharField(db_index=True, max_length=64, verbose_name='对象编号')),
                        ('object_repr', models.CharField(max_length=255, verbose_name='对象')),
                        ('field', models.CharField(max_length=64, verbose_name='字段')),
                        ('old_due', models.DateField(blank=True, null=True, verbose_name='原期限')),
                        ('new_due', models.DateField(blank=True, null=True, verbose_name='新期限')),
                        ('reason', models.CharField(max_length=255, verbose_name='原因')),
                        ('changed_at', models.DateTimeField(auto_now_add=True, verbose_name='时间')),
                        ('content_type', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='contenttypes.contenttype', verbose_name='对象类型')),
                    ],
                    options={
                        'verbose_name': '期限变动记录',
                        'verbose_name_plural': '期限变动记录',
                        'db_table': 'publishing_deadlinechange',
                        'ordering': ['-changed_at', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='HolidayYear',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('year', models.PositiveSmallIntegerField(help_text='例如 2027。保存后，该年度的期限不再标注为“暂定”，未办结事项的期限将重新计算。', unique=True, verbose_name='年份')),
                        ('notice', models.CharField(help_text='国务院办公厅关于该年度部分节假日安排的通知的名称和文号。', max_length=200, verbose_name='依据的通知')),
                        ('notes', models.TextField(blank=True, verbose_name='备注')),
                        ('changed_at', models.DateTimeField(auto_now=True, verbose_name='最后修改时间')),
                        ('changed_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='最后修改人')),
                    ],
                    options={
                        'verbose_name': '节假日年度',
                        'verbose_name_plural': '节假日安排',
                        'db_table': 'publishing_holidayyear',
                        'ordering': ['-year'],
                        'permissions': [('view_deadline_dashboard', '查看期限看板与及时性报表')],
                    },
                ),
                migrations.CreateModel(
                    name='HolidayDate',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('date', models.DateField(unique=True, verbose_name='日期')),
                        ('kind', models.CharField(choices=[('holiday', '放假'), ('workday', '调休上班')], default='holiday', max_length=10, verbose_name='类型')),
                        ('name', models.CharField(blank=True, help_text='例如 国庆节、春节；调休上班日可留空。', max_length=50, verbose_name='名称')),
                        ('holiday_year', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='dates', to='workdays.holidayyear', verbose_name='年度')),
                    ],
                    options={
                        'verbose_name': '节假日日期',
                        'verbose_name_plural': '节假日日期',
                        'db_table': 'publishing_holidaydate',
                        'ordering': ['date'],
                    },
                ),
            ],
        ),
    ]
