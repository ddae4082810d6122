"""Keeping communities looked after when their organiser's account goes."""

from django.conf import settings
from django.db.models.signals import pre_delete
from django.dispatch import receiver

from .services import hand_over_communities


@receiver(pre_delete, sender=settings.AUTH_USER_MODEL, dispatch_uid="communities.hand_over")
def hand_over_before_the_account_goes(sender, instance, **kwargs):
    """However the account is deleted (by its owner, or a coordinator in the admin)."""
    hand_over_communities(leaving=instance)
