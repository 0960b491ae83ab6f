"""Run the project's migrations backwards and forwards inside a test (Django's executor).

`BEFORE_SPLIT` is the last migration of each app at commit e3a6672, before departments, the
mail outbox and the serial counters got rooms of their own; an upgrade test migrates there,
writes rows with the models of that time, migrates forward and reads them back.

Such a test is transactional with serialized_rollback: its closing flush then does not re-make
content types under new ids, which later tests restoring the serialized database (the
publisher's) would collide with.
"""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE_SPLIT = [
    ("portal", "0001_initial"),
    ("disclosure", "0003_interpretation_headings"),
    ("applications", "0001_initial"),
    ("departments", None),
]


def migrate(targets):
    """Migrate the test database to `targets`; return the historical apps of that state."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(
        [target for target in targets if target[1] is not None]).apps


def migrate_to_latest():
    executor = MigrationExecutor(connection)
    targets = executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps
