"""Keep the matching index current, and alert residents when a listing is published."""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from listings.lifecycle import listings_changed, listings_published
from listings.models import Category
from matching.alerts import queue_match_alerts
from matching.index import sync_listing_terms
from matching.suggestions import CATEGORIES_CACHE_KEY


@receiver(listings_changed, dispatch_uid="matching.sync_listing_terms")
def sync_changed_listings(sender, listing_ids, **kwargs):
    sync_listing_terms(listing_ids)


@receiver(listings_published, dispatch_uid="matching.alert_on_publish")
def alert_on_publish(sender, listing_ids, **kwargs):
    """The alert run waits for the commit: it needs the published rows and their terms, and a
    rolled-back publication must alert nobody."""
    queue_match_alerts(listing_ids)


@receiver(post_save, sender=Category, dispatch_uid="matching.forget_categories_on_save")
@receiver(post_delete, sender=Category, dispatch_uid="matching.forget_categories_on_delete")
def forget_categories(sender, **kwargs):
    """Now, for this transaction, and after commit, for a process that read meanwhile."""
    cache.delete(CATEGORIES_CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(CATEGORIES_CACHE_KEY))
