"""The matching index: ``ListingTerm`` rows for the content terms of published listings.

``sync_listing_terms`` rewrites the rows of some listings from their search documents; the
``listings_changed`` signal calls it whenever a document is written or a listing is shown or
hidden (``matching.signals``), so the rows follow every way a listing changes.
"""

from django.db import connections, transaction

from listings.models import Listing, Status
from matching.models import ListingTerm
from matching.terms import term_weights

BATCH_SIZE = 1_000
COPY_FROM = 200  # rows; fewer go through one INSERT

TERM_TABLE = ListingTerm._meta.db_table


def sync_listing_terms(listing_ids) -> int:
    """Replace the matching terms of these listings: none unless published and not hidden.
    Returns how many rows were written."""
    listing_ids = list(listing_ids)
    written = 0
    for start in range(0, len(listing_ids), BATCH_SIZE):
        written += _sync_batch(listing_ids[start : start + BATCH_SIZE])
    return written


def _sync_batch(listing_ids: list[int]) -> int:
    listings = (
        Listing.objects.filter(
            pk__in=listing_ids,
            status=Status.PUBLISHED,
            hidden=False,
            search_document__isnull=False,
        )
        .values_list(
            "pk",
            "direction",
            "tags",
            "search_document__title_terms",
            "search_document__body_terms",
        )
        .order_by()
    )
    rows = [
        (direction, term, pk)
        for pk, direction, tags, title_terms, body_terms in listings
        for term in term_weights(title_terms=title_terms, tags=tags, body_terms=body_terms)
    ]
    connection = connections[ListingTerm.objects.db]
    with transaction.atomic(using=connection.alias):
        ListingTerm.objects.filter(listing_id__in=listing_ids).delete()
        if connection.vendor == "postgresql" and len(rows) >= COPY_FROM:
            with (
                connection.cursor() as cursor,
                cursor.copy(f"COPY {TERM_TABLE} (direction, term, listing_id) FROM STDIN") as copy,
            ):
                for row in rows:
                    copy.write_row(row)
        else:
            ListingTerm.objects.bulk_create(
                [ListingTerm(direction=d, term=t, listing_id=pk) for d, t, pk in rows],
                batch_size=BATCH_SIZE,
            )
    return len(rows)
