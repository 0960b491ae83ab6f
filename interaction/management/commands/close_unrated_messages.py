"""Daily chore: a message whose writer said nothing within the days to rate the answer closes
(the answer stands, as the tracking page told them: 逾期视为满意)."""

from django.core.management.base import BaseCommand

from interaction.actions import CloseWithoutFeedback
from interaction.models import PublicMessage, State
from workdays.local_time import local_today


class Command(BaseCommand):
    help = "办结评价期满仍未评价的留言（逾期视为满意）。"

    def handle(self, *args, **options):
        closed = 0
        for message in PublicMessage.objects.filter(state=State.REPLIED,
                                                    feedback_due_on__lt=local_today()):
            CloseWithoutFeedback(message, None).execute()
            closed += 1
        self.stdout.write(f"已办结 {closed} 件评价期满的留言。")
