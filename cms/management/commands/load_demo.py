from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.demo import DEMO_PASSWORD, create_demo_users
from cms.demo import create_demo_pages
from listings.demo import create_demo_listings
from listings.demo_areas import create_demo_areas
from messaging.demo import create_demo_conversation


class Command(BaseCommand):
    help = (
        "Load demo pages, accounts, listings and a conversation (idempotent: running it again "
        "adds nothing twice)."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        create_demo_pages()
        users = create_demo_users()
        create_demo_areas()
        new_listings = create_demo_listings()
        create_demo_conversation()
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
        self.stdout.write(f"  {len(new_listings)} new demo listings published")
        for user in users:
            role = "coordinator" if user.is_coordinator else "resident"
            self.stdout.write(f"  {role:<12} {user.email}  password: {DEMO_PASSWORD}")
