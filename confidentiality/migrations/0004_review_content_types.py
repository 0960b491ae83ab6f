"""The content types of ConfidentialityReview and FindingOverride follow the models from
publishing, as 0002 did for the scanner's models (permissions, their grants and audit-log
entries refer to a content type by id, so relabelling the row keeps them all)."""

from importlib import import_module

from django.db import migrations

MODELS = ("confidentialityreview", "findingoverride")
_merge = import_module("confidentiality.migrations.0002_move_content_types")._merge


def relabel(old_label, new_label):
    def move(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        Permission = apps.get_model("auth", "Permission")
        ModelLogEntry = apps.get_model("wagtailcore", "ModelLogEntry")
        db = schema_editor.connection.alias
        for model in MODELS:
            old = ContentType.objects.using(db).filter(app_label=old_label, model=model).first()
            if old is None:
                continue
            new = ContentType.objects.using(db).filter(app_label=new_label, model=model).first()
            if new is None:
                old.app_label = new_label
                old.save(update_fields=["app_label"])
            else:
                _merge(db, Permission, ModelLogEntry, old, new)

    return move


class Migration(migrations.Migration):

    dependencies = [
        ('confidentiality', '0003_confidentiality_review_joins'),
        ('publishing', '0006_confidentiality_review_moves_to_confidentiality'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('auth', '0012_alter_user_first_name_max_length'),
        ('wagtailcore', '0098_apitoken'),
    ]

    operations = [
        migrations.RunPython(relabel("publishing", "confidentiality"),
                             relabel("confidentiality", "publishing")),
    ]
