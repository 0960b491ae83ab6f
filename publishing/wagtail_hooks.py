"""Admin hooks of the publishing app, one module per concern."""

from . import (
    wagtail_hooks_calendar,  # noqa: F401  (holiday table, calculator, deadline dashboard)
    workflow_hooks,  # noqa: F401  (workflow: log actions, edit page, dashboard panel, reports)
)
