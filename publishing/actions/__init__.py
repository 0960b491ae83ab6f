"""State changes of the publishing workflow, as action classes: check() then execute().

Like wagtail/actions/, each class takes the object and the user, `check()` raises
PermissionDenied (or ValidationError for bad input) and `execute()` performs the change in one
transaction and writes the audit log. Views, hooks and commands call these; none holds a rule.
This package's __init__ imports nothing from Wagtail's models, because
WAGTAIL_FINISH_WORKFLOW_ACTION points into it and is imported while wagtail.models loads.
"""
