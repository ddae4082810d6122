from django.core.management.base import BaseCommand

from listings.services import expire_listings, send_expiry_reminders


class Command(BaseCommand):
    help = (
        "Take down listings past their expiry and remind owners whose listings expire soon. "
        "Run it daily (cron or the process supervisor's timer)."
    )

    def handle(self, *args, **options):
        expired = expire_listings()
        reminded = send_expiry_reminders()
        self.stdout.write(f"{expired} listings expired, {reminded} owners reminded")
