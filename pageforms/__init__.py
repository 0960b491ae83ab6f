"""The edit form every page type of the site uses: an unchanged form must look unchanged.

Wagtail saves a new revision when an approval is given from the edit form and the form has
changed; with `WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT` every approval before it then stops
counting (see `publishing.workflow.content_changed_during_step`). Two things made an untouched
form look changed:

- Django gives a model field with a callable default (`formed_on`, `happened_on`: today) a
  hidden "initial" twin (`show_hidden_initial`) and compares the submitted value with that twin.
  Wagtail's editor never renders the twin, so such a field always looked changed.
- Rich text stored by anything but the editor (the importer, the demo, an old site's HTML) has
  no `data-block-key` attributes; the editor adds fresh ones on every round trip, so the text
  looked changed though not a character differed.

Each field is compared here with what the stored value becomes in the editor, block keys aside.
"""

import re
from functools import partial

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.blocks.base import BlockField

BLOCK_KEY = re.compile(r'\sdata-block-key="[^"]*"')


class PageForm(WagtailAdminPageForm):
    """Wagtail's page form, comparing each field with the page's stored value only."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.show_hidden_initial = False
            # Draftail's widget (its module cannot be imported while models load).
            if hasattr(field.widget, "converter"):
                field.has_changed = partial(rich_text_has_changed, field)
            elif isinstance(field, BlockField):
                field.has_changed = partial(stream_has_changed, field)


def rich_text_has_changed(field, initial, data) -> bool:
    """Whether the submitted HTML differs from the stored HTML as the editor renders it."""
    widget = field.widget
    stored = widget.value_from_datadict({"v": widget.format_value(initial)}, {}, "v") \
        if initial else ""
    return _without_block_keys(stored or "") != _without_block_keys(data or "")


def stream_has_changed(field, initial, data) -> bool:
    """Whether a StreamField's blocks differ, rich-text block keys aside."""
    def prepared(value):
        return _without_block_keys(field.block.get_prep_value(value))

    return prepared(initial) != prepared(data)


def _without_block_keys(value):
    """The value (HTML, or a block's prepared JSON data) with every `data-block-key` removed."""
    if isinstance(value, str):
        return BLOCK_KEY.sub("", value)
    if isinstance(value, dict):
        return {key: _without_block_keys(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_without_block_keys(item) for item in value]
    return value
