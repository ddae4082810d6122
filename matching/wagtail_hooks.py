"""The coordinators' matching pages in the admin (``matching.admin_views``): their URLs, a
"Find matches" button on each row of the listings snippet, and the "Waiting requests" menu
item. The matching settings are registered by ``MatchingSettings`` itself."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.widgets.button import Button

from listings.models import Listing
from listings.wagtail_hooks import CoordinatorMenuItem

from . import admin_views


@hooks.register("register_admin_urls")
def register_matching_admin_urls():
    return [
        path(
            "matching/listings/<int:pk>/matches/",
            admin_views.find_matches,
            name="matching_find_matches",
        ),
        path("matching/waiting/", admin_views.waiting_requests, name="matching_waiting_requests"),
    ]


@hooks.register("register_snippet_listing_buttons")
def find_matches_listing_button(snippet, user, next_url=None):
    # Shown like the listing's "Hide, feature or close" button; the page itself refuses
    # anyone but a coordinator.
    if isinstance(snippet, Listing):
        yield Button(
            gettext_lazy("Find matches"),
            url=reverse("matching_find_matches", args=[snippet.pk]),
            icon_name="link",
            priority=16,
        )


@hooks.register("register_admin_menu_item")
def register_waiting_requests_menu_item():
    return CoordinatorMenuItem(
        gettext_lazy("Waiting requests"),
        reverse("matching_waiting_requests"),
        name="matching-waiting-requests",
        icon_name="time",
        order=156,
    )
