"""Applications to activities (filled in by the work on issue #7)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("listings", "0009_multilingual_synonyms")]

    operations = []
