from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.demo import DEMO_PASSWORD, create_demo_users
from cms.demo import create_demo_pages


class Command(BaseCommand):
    help = "Load demo pages and accounts (idempotent: running it again adds nothing twice)."

    @transaction.atomic
    def handle(self, *args, **options):
        create_demo_pages()
        users = create_demo_users()
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
        for user in users:
            role = "coordinator" if user.is_coordinator else "resident"
            self.stdout.write(f"  {role:<12} {user.email}  password: {DEMO_PASSWORD}")
