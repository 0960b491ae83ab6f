"""What happens when the last task (sign-off) is approved: WAGTAIL_FINISH_WORKFLOW_ACTION."""


def publish_signed_off(workflow_state, user=None):
    """Publish the signed-off revision now, or schedule it for the go-live time chosen at sign-off.

    The workflow, not the signatory's page permissions, is the authority to publish, so the
    permission check of Wagtail's default action is skipped. The chosen time becomes the
    revision's `go_live_at`, so Wagtail's scheduling keeps its meaning (`approved_go_live_at` on
    the revision, made live by the publisher worker, `manage.py run_publisher`).
    """
    from publishing.workflow_models import SignOff

    revision = workflow_state.content_object.get_latest_revision()
    sign_off = (SignOff.objects.filter(task_state__workflow_state=workflow_state,
                                       revision=revision).order_by("-signed_at").first())
    if sign_off and sign_off.go_live_at:
        revision.content["go_live_at"] = sign_off.go_live_at.isoformat()
        revision.save(update_fields=["content"])
    revision.publish(user=user, skip_permission_checks=True)
