"""ConfidentialityReview and FindingOverride now belong to the confidentiality app (issue 15).

State only: the tables stay (the confidentiality models name them with db_table), so no row
is copied or lost.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('publishing', '0005_move_scanner_models_to_confidentiality'),
        ('confidentiality', '0003_confidentiality_review_joins'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveField(model_name='findingoverride', name='review'),
                migrations.RemoveField(model_name='findingoverride', name='by'),
                migrations.DeleteModel(name='ConfidentialityReview'),
                migrations.DeleteModel(name='FindingOverride'),
            ],
        ),
    ]
