from django.core.management.base import BaseCommand

from matching.alerts import send_match_digests


class Command(BaseCommand):
    help = (
        "E-mail each resident who chose a daily digest their match alerts not yet e-mailed "
        "(run once a day, e.g. from cron)."
    )

    def handle(self, *args, **options):
        queued = send_match_digests()
        self.stdout.write(f"Match digests queued: {queued}")
