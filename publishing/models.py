"""The publishing app's models, one module per concern, gathered here for Django."""

from . import workflow, workflow_models  # noqa: F401
