from django.core.management.base import BaseCommand

from listings.applications.reminders import send_activity_reminders


class Command(BaseCommand):
    help = (
        "Remind confirmed participants the day before an activity (in the app and by e-mail). "
        "Run it every hour (cron or the process supervisor's timer); nobody is reminded twice."
    )

    def handle(self, *args, **options):
        reminded = send_activity_reminders()
        self.stdout.write(f"{reminded} participants reminded")
