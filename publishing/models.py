"""The publishing app's models, one module per concern, gathered here for Django."""

from .calendar_models import *  # noqa
from .workflow_models import *  # noqa
from .workflow import *  # noqa
