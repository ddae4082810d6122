"""Keep the search documents current, whoever saves a listing, a category or an area.

A signal rather than a call in ``services.py``: forms, the admin, imports and the demo loader
all save listings, and status changes (``save(update_fields=[...])`` without indexed fields)
are skipped. ``bulk_create`` and ``QuerySet.update`` send no signal: call ``index_listings``.
"""

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from accounts.models import Profile
from listings.lifecycle import listings_changed
from listings.models import Area, Category, Listing
from listings.search.index import INDEXED_FIELDS, index_listings
from listings.tasks import reindex_listings_after_commit

# Fields whose change shows or hides a listing, without changing its text.
VISIBILITY_FIELDS = frozenset({"status", "hidden", "expires_at"})


@receiver(post_save, sender=Listing, dispatch_uid="listings.index_saved_listing")
def index_saved_listing(sender, instance: Listing, raw: bool, update_fields, **kwargs):
    if raw:
        return
    if update_fields is None or INDEXED_FIELDS.intersection(update_fields):
        index_listings([instance])  # sends listings_changed
    elif VISIBILITY_FIELDS.intersection(update_fields):
        listings_changed.send(sender=Listing, listing_ids=[instance.pk])


@receiver(pre_save, sender=Category, dispatch_uid="listings.note_category_renames")
def note_category_renames(sender, instance: Category, raw: bool, **kwargs):
    """Remember whether the names or the parent change, which costs one query per save."""
    if raw or instance.pk is None:
        instance._search_terms_changed = False
        return
    before = Category.objects.filter(pk=instance.pk).values("names", "parent_id").first()
    instance._search_terms_changed = before != {
        "names": instance.names,
        "parent_id": instance.parent_id,
    }


@receiver(post_save, sender=Category, dispatch_uid="listings.reindex_renamed_category")
def reindex_renamed_category(sender, instance: Category, raw: bool, **kwargs):
    """Listings of a renamed or moved category and of its sub-categories carry its names:
    re-index them after commit, through a task (a big category takes seconds)."""
    if raw or not getattr(instance, "_search_terms_changed", False):
        return
    subtree, level = {instance.pk}, {instance.pk}
    while level:
        level = set(Category.objects.filter(parent__in=level).values_list("pk", flat=True))
        level -= subtree
        subtree |= level
    ids = list(Listing.objects.filter(category__in=subtree).values_list("pk", flat=True))
    reindex_listings_after_commit(ids)


@receiver(pre_save, sender=Area, dispatch_uid="listings.note_area_renames")
def note_area_renames(sender, instance: Area, raw: bool, **kwargs):
    instance._renamed_from = None
    if raw or instance.pk is None:
        return
    before = Area.objects.filter(pk=instance.pk).values_list("name", flat=True).first()
    if before is not None and before != instance.name:
        instance._renamed_from = before


@receiver(post_save, sender=Area, dispatch_uid="listings.rename_area_everywhere")
def rename_area_everywhere(sender, instance: Area, raw: bool, **kwargs):
    """Listings and profiles name their area by its ``name``: a renamed area takes them along,
    so the area facet does not split in two, and the listings are found by the new name."""
    old_name = getattr(instance, "_renamed_from", None)
    if raw or old_name is None:
        return
    Profile.objects.filter(area=old_name).update(area=instance.name)
    renamed = Listing.objects.filter(area=old_name)
    ids = list(renamed.values_list("pk", flat=True))
    renamed.update(area=instance.name)
    reindex_listings_after_commit(ids)
