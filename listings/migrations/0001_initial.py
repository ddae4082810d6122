import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Category",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("slug", models.SlugField(max_length=64, unique=True, verbose_name="slug")),
                ("names", models.JSONField(default=dict, help_text='The name in each site language, e.g. {"ja": "子育て", "en": "Childcare"}.', verbose_name="names")),
                ("position", models.PositiveIntegerField(default=0, verbose_name="position")),
                ("parent", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="children", to="listings.category", verbose_name="parent category")),
            ],
            options={"verbose_name": "category", "verbose_name_plural": "categories", "ordering": ["position", "slug"]},
        ),
    ]
