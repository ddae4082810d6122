from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from accounts.demo import DEMO_PASSWORD, create_demo_users
from cms.demo import create_demo_pages
from communities.demo import create_demo_communities
from listings.applications.demo import create_demo_applications
from listings.bookings.demo import create_demo_bookings
from listings.demo import create_demo_listings
from listings.demo_areas import create_demo_areas
from listings.item_requests.demo import create_demo_item_requests
from messaging.demo import create_demo_conversation


class Command(BaseCommand):
    help = (
        "Load demo pages, accounts, listings, a conversation, requests, applications, bookings "
        "and communities (idempotent: running it again adds nothing twice)."
    )

    def handle(self, *args, **options):
        # The demo residents' applications, requests and bookings would e-mail the demo
        # addresses (printed on the console in development, burying the list below).
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            self.load()

    @transaction.atomic
    def load(self):
        create_demo_pages()
        users = create_demo_users()
        create_demo_areas()
        new_listings = create_demo_listings()
        create_demo_conversation()
        create_demo_item_requests()
        create_demo_applications()
        centre = create_demo_bookings()
        create_demo_communities()
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
        self.stdout.write(f"  {len(new_listings)} new demo listings published")
        if centre is not None:
            page = f"/ja/listings/{centre.listing_id}/"
            self.stdout.write(f"  rooms to book at {centre.listing.title}: {page}")
        for user in users:
            role = "coordinator" if user.is_coordinator else "resident"
            self.stdout.write(f"  {role:<12} {user.email}  password: {DEMO_PASSWORD}")
