"""Communities (filled in by the work on issue #7)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("listings", "0009_multilingual_synonyms"), ("messaging", "0001_initial"), ("accounts", "0004_notification_kinds_for_applications_bookings_communities")]

    operations = []
