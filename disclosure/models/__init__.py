"""The disclosure content model: every model of the app, re-exported from its file."""

from disclosure.models.blocked import BlockedPublication  # noqa: F401
from disclosure.models.budget import BudgetRelease  # noqa: F401  (the BUDGET-IMPORT helper's)
from disclosure.models.catalogue import (  # noqa: F401
    CatalogueColumn,
    CatalogueRoot,
    ColumnElement,
)
from disclosure.models.items import (  # noqa: F401
    DisclosureAttachment,
    DisclosureItem,
    DisclosureSettings,
)
from disclosure.models.news import PublicNotice, WorkNews  # noqa: F401
from disclosure.models.policy import (  # noqa: F401
    PolicyDocument,
    PolicyDocumentTag,
    PolicyInterpretation,
)
from disclosure.models.proposals import ProposalReply  # noqa: F401
from disclosure.models.sections import AnnualReportIndexPage, DisclosureRulesPage  # noqa: F401
