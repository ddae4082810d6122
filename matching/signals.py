"""Keep the matching index current."""

from django.dispatch import receiver

from listings.lifecycle import listings_changed
from matching.index import sync_listing_terms


@receiver(listings_changed, dispatch_uid="matching.sync_listing_terms")
def sync_changed_listings(sender, listing_ids, **kwargs):
    sync_listing_terms(listing_ids)
