"""Roles: every user is a resident; members of the Coordinators group also run the site."""

from django.contrib.auth.models import Group, Permission
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from .models import COORDINATORS_GROUP

# (app_label, codename) of the model permissions coordinators hold.
COORDINATOR_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("simple_translation", "submit_translation"),
    ("cms", "change_sitesettings"),
    ("wagtailredirects", "add_redirect"),
    ("wagtailredirects", "change_redirect"),
    ("wagtailredirects", "delete_redirect"),
    ("listings", "add_category"),
    ("listings", "change_category"),
    ("listings", "view_category"),
    ("listings", "view_listing"),
    ("listings", "change_listing"),
    ("listings", "change_listingsettings"),
    # Deleting a category that is in use is refused (listings/wagtail_hooks.py).
    ("listings", "delete_category"),
    ("listings", "add_area"),
    ("listings", "change_area"),
    ("listings", "view_area"),
    ("listings", "delete_area"),
    ("listings", "add_synonymgroup"),
    ("listings", "change_synonymgroup"),
    ("listings", "view_synonymgroup"),
    ("listings", "delete_synonymgroup"),
    # Proxy residents: deleting one is refused while listings are posted on their behalf
    # (accounts/wagtail_hooks.py), so a record can be removed only when nothing refers to it.
    ("accounts", "add_proxyresident"),
    ("accounts", "change_proxyresident"),
    ("accounts", "view_proxyresident"),
    ("accounts", "delete_proxyresident"),
    # Bookable spaces: a centre's rooms, hours and closed dates (a room with bookings cannot
    # be deleted: listings/bookings/wagtail_hooks.py).
    ("listings", "add_bookablespace"),
    ("listings", "change_bookablespace"),
    ("listings", "view_bookablespace"),
    ("listings", "delete_bookablespace"),
    # Communities: find, feature and hide them (the post reports queue checks is_coordinator).
    ("communities", "view_community"),
    ("communities", "change_community"),
]
PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]


def _permission(app_label: str, codename: str) -> Permission | None:
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()


def ensure_coordinators_group() -> Group:
    """Create or complete the Coordinators group; safe to run any number of times."""
    group, _created = Group.objects.get_or_create(name=COORDINATORS_GROUP)
    permissions = [_permission(app, codename) for app, codename in COORDINATOR_PERMISSIONS]
    group.permissions.add(*[permission for permission in permissions if permission])

    root_page = Page.get_first_root_node()
    if root_page is not None:
        for codename in PAGE_PERMISSIONS:
            permission = _permission("wagtailcore", codename)
            if permission:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=root_page, permission=permission
                )

    root_collection = Collection.get_first_root_node()
    if root_collection is not None:
        for app_label, codename in COLLECTION_PERMISSIONS:
            permission = _permission(app_label, codename)
            if permission:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=permission
                )
    return group
