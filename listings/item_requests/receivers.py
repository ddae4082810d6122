"""Every item or skill listing closed as fulfilled counts as an exchange, however it was
closed: through "handed over" on the requests page (``services.fulfil_item_request``), "It
worked out" on My listings, or the admin. Connected from ListingsConfig.ready."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from ..models import ClosedReason, Listing, Status
from .services import EXCHANGE_KINDS, record_fulfilled_exchange


@receiver(post_save, sender=Listing, dispatch_uid="item_requests_record_exchange")
def record_exchange_of_fulfilled_listing(sender, instance: Listing, raw=False, **kwargs):
    """No query unless the listing is an item or skill just saved as closed and fulfilled."""
    if raw or instance.kind not in EXCHANGE_KINDS:
        return
    if instance.status == Status.CLOSED and instance.closed_reason == ClosedReason.FULFILLED:
        record_fulfilled_exchange(listing=instance)
