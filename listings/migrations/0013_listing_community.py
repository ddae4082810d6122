"""Listings linked to a community (an organiser's activities and offers)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("listings", "0012_item_requests"), ("communities", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="listing",
            name="community",
            field=models.ForeignKey(
                blank=True,
                help_text="The community this listing belongs to, if any.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="listings",
                to="communities.community",
                verbose_name="community",
            ),
        ),
    ]
