"""Send every email that is due again: failed earlier and past its back-off, or claimed by a
sender that stopped (run every few minutes by portal-mail-retry.timer)."""

from django.core.management.base import BaseCommand

from outbox.mail import deliver_due
from outbox.models import Message


class Command(BaseCommand):
    help = "重新发送因邮件服务故障或发送进程中断而未发出的邮件。"

    def handle(self, *args, **options):
        sent = deliver_due()
        waiting = Message.objects.filter(state__in=[Message.State.PENDING,
                                                    Message.State.SENDING]).count()
        failed = Message.objects.filter(state=Message.State.FAILED).count()
        self.stdout.write(f"已发出 {sent} 封，仍待发送 {waiting} 封，已停止重试 {failed} 封。")
