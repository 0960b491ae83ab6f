"""Admin hooks of the publishing app, one module per concern."""

from . import workflow_hooks  # noqa: F401  (workflow: log actions, edit page, dashboard panel, reports)
from .scanner import wagtail_hooks as scanner_hooks  # noqa: F401  (sensitive terms, scan report, mask, image metadata)
