"""The disclosure content model: every model of the app, re-exported from its file."""

from disclosure.models.catalogue import CatalogueColumn, CatalogueRoot  # noqa: F401
from disclosure.models.items import (  # noqa: F401
    DisclosureAttachment,
    DisclosureItem,
    DisclosureSettings,
    IndexNumberCounter,
)
from disclosure.models.news import PublicNotice, WorkNews  # noqa: F401
from disclosure.models.policy import (  # noqa: F401
    PolicyDocument,
    PolicyDocumentTag,
    PolicyInterpretation,
)

try:  # budget.py is the BUDGET-IMPORT helper's; plain import once it is committed
    from disclosure.models.budget import BudgetRelease  # noqa: F401
except ModuleNotFoundError as error:  # pragma: no cover
    if error.name != "disclosure.models.budget":
        raise
