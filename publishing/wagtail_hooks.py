"""Admin hooks of the publishing app: the workflow's log actions, edit page, dashboard panel and reports."""

from . import workflow_hooks  # noqa: F401
