"""The content types of ConfidentialityReview and FindingOverride follow the models from
publishing, as 0002 did for the scanner's models (permissions, their grants and audit-log
entries refer to a content type by id, so relabelling the row keeps them all)."""

from importlib import import_module

from django.db import migrations

MODELS = ("confidentialityreview", "findingoverride")
relabel = import_module("confidentiality.migrations.0002_move_content_types").relabel


class Migration(migrations.Migration):

    dependencies = [
        ('confidentiality', '0003_confidentiality_review_joins'),
        ('publishing', '0006_confidentiality_review_moves_to_confidentiality'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('auth', '0012_alter_user_first_name_max_length'),
        ('wagtailcore', '0098_apitoken'),
    ]

    operations = [
        migrations.RunPython(relabel("publishing", "confidentiality", MODELS),
                             relabel("confidentiality", "publishing", MODELS)),
    ]
