from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from listings.models import LatinWordTrigram, Listing, ListingSearchDocument
from listings.search.index import index_listings


class Command(BaseCommand):
    help = (
        "Rebuild every listing's search document and the typo vocabulary, e.g. after an "
        "import without readings or a change to the text analysis."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-readings",
            action="store_true",
            help="Skip the kana readings of kanji (faster; kana queries then miss kanji).",
        )

    @transaction.atomic
    def handle(self, *args, no_readings: bool = False, **options):
        ListingSearchDocument.objects.all().delete()
        LatinWordTrigram.objects.all().delete()
        count = index_listings(
            Listing.objects.order_by("pk").iterator(chunk_size=1000), readings=not no_readings
        )
        self.stdout.write(
            self.style.SUCCESS(_("Indexed %(count)d listings for search.") % {"count": count})
        )
