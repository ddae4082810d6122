"""Bookable spaces, rooms and bookings (filled in by the work on issue #7)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("listings", "0010_applications")]

    operations = []
