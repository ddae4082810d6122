"""Fill the matching index for the listings published before matching existed."""

from django.db import migrations

from matching.terms import term_weights

BATCH_SIZE = 1_000


def index_published_listings(apps, schema_editor):
    Listing = apps.get_model("listings", "Listing")
    ListingTerm = apps.get_model("matching", "ListingTerm")
    published = (
        Listing.objects.using(schema_editor.connection.alias)
        .filter(status="published", hidden=False, search_document__isnull=False)
        .values_list(
            "pk", "direction", "tags", "search_document__title_terms", "search_document__body_terms"
        )
        .order_by("pk")
    )
    rows = []
    for pk, direction, tags, title_terms, body_terms in published.iterator(chunk_size=BATCH_SIZE):
        weights = term_weights(title_terms=title_terms, tags=tags, body_terms=body_terms)
        rows += [ListingTerm(direction=direction, term=term, listing_id=pk) for term in weights]
        if len(rows) >= BATCH_SIZE * 20:
            ListingTerm.objects.bulk_create(rows, batch_size=BATCH_SIZE)
            rows = []
    ListingTerm.objects.bulk_create(rows, batch_size=BATCH_SIZE)


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0001_initial"),
        ("listings", "0008_matching_candidate_indexes"),
    ]

    operations = [migrations.RunPython(index_published_listings, migrations.RunPython.noop)]
