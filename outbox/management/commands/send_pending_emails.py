"""Send again every stored email that could not be sent (run every few minutes)."""

from django.core.management.base import BaseCommand

from applications.models import OutgoingEmail
from applications.tasks import deliver


class Command(BaseCommand):
    help = "重新发送因邮件服务故障未能发出的申请人邮件。"

    def handle(self, *args, **options):
        pending = list(OutgoingEmail.objects.filter(sent_at__isnull=True))
        sent = sum(deliver(email) for email in pending)
        self.stdout.write(f"待发 {len(pending)} 封，已发出 {sent} 封。")
