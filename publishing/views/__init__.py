"""Admin views of the workflow: withdraw, force publish, the forced-publication and scheduled lists,
and the "my tasks" dashboard panel."""
