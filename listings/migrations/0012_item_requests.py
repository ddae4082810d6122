"""Requests for items and skills (filled in by the work on issue #7)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("listings", "0011_bookings")]

    operations = []
