from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """Chinese full-text search."""

    name = "search"
    label = "search"
    verbose_name = _("全文检索")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        from search import signal_handlers

        signal_handlers.connect()
        post_migrate.connect(_install_ranking_functions, sender=self)


def _install_ranking_functions(using="default", **kwargs):
    """PostgreSQL: the ranking functions follow the code's constants after every migrate
    (search.backends.postings.install_functions)."""
    from django.db import connections

    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('search_posting') IS NOT NULL")
        if cursor.fetchone()[0]:
            from search.backends import postings

            postings.install_functions(cursor)
