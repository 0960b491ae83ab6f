"""How a field of the public forms is drawn: its widget names, in `aria-describedby`, exactly the
help text and the error list that its row renders, and says when it is invalid."""

from django import template

register = template.Library()


@register.simple_tag
def described_by(field) -> str:
    """The ids a field's help text and error list carry in applications/_field.html."""
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}_helptext")
    if field.errors:
        ids.append(f"{field.auto_id}_errors")
    return " ".join(ids)


@register.simple_tag
def described_widget(field):
    """The field's widget with `aria-describedby` naming only ids that exist on the page."""
    attrs = {}
    ids = described_by(field)
    if ids:
        attrs["aria-describedby"] = ids
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)
