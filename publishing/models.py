"""The publishing app's models, one module per concern, gathered here for Django."""

from .workflow_models import *  # noqa
from .workflow import *  # noqa
