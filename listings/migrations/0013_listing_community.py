"""Listings linked to a community (filled in by the work on issue #7)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("listings", "0012_item_requests"), ("communities", "0001_initial")]

    operations = []
