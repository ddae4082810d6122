"""Create the default top-level categories (DESIGN.md, "Default taxonomy")."""

from django.db import migrations

from listings.taxonomy import DEFAULT_CATEGORIES


def create_default_categories(apps, schema_editor):
    Category = apps.get_model("listings", "Category")
    for position, (slug, name_ja, name_en) in enumerate(DEFAULT_CATEGORIES):
        Category.objects.get_or_create(
            slug=slug,
            defaults={"names": {"ja": name_ja, "en": name_en}, "position": position},
        )


class Migration(migrations.Migration):
    dependencies = [("listings", "0001_initial")]

    operations = [migrations.RunPython(create_default_categories, migrations.RunPython.noop)]
