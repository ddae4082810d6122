from django.core.management.base import BaseCommand

from messaging.notifications import queue_unread_message_emails


class Command(BaseCommand):
    help = (
        "E-mail members about messages unread for 10 minutes while they were not connected, "
        "at most once an hour per conversation (run every few minutes, e.g. from cron)."
    )

    def handle(self, *args, **options):
        queued = queue_unread_message_emails()
        self.stdout.write(f"Unread-message e-mails queued: {queued}")
