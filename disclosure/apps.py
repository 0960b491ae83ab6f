from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    """The disclosure catalogue and its page types."""

    name = "disclosure"
    verbose_name = _("政府信息公开目录")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from disclosure.attachments import take_down_images_of_secret_page
        from publishing.signals import page_withdrawn

        page_withdrawn.connect(take_down_images_of_secret_page,
                               dispatch_uid="disclosure.take_down_images_of_secret_page")
