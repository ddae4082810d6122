from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_views
from .models import Listing


@hooks.register("register_log_actions")
def register_listing_log_actions(actions):
    actions.register_action("yui.listing.submit", _("Submit listing"), _("Submitted for review"))
    actions.register_action("yui.listing.publish", _("Publish listing"), _("Published"))
    actions.register_action("yui.listing.approve", _("Approve listing"), _("Approved"))
    actions.register_action("yui.listing.reject", _("Send listing back"), _("Sent back"))
    actions.register_action("yui.listing.close", _("Close listing"), _("Closed"))
    actions.register_action("yui.listing.renew", _("Renew listing"), _("Renewed"))
    actions.register_action("yui.listing.moderate", _("Moderate listing"), _("Moderated"))


class ListingViewSet(SnippetViewSet):
    """Coordinators list, filter and edit every listing. Status changes go through the
    services (the resident's pages and, later, the review queue), so status is read-only here."""

    model = Listing
    icon = "list-ul"
    menu_label = _("Listings")
    menu_order = 150
    add_to_admin_menu = True
    inspect_view_enabled = True
    list_display = ["title", "kind", "direction", "status", "category", "area", "published_at"]
    list_filter = ["status", "kind", "direction", "hidden", "featured", "category"]
    list_per_page = 50
    ordering = ["-created_at"]
    panels = [
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("kind"), FieldPanel("direction")]), FieldPanel("category")],
            heading=_("What it is"),
        ),
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("tags"),
        MultiFieldPanel(
            [
                FieldPanel("area"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                FieldPanel("language"),
                FieldPanel("spoken_languages"),
            ],
            heading=_("Where and in which languages"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("terms"),
                FieldPanel("fee_amount"),
                FieldPanel("exchange_note"),
                FieldPanel("availability"),
            ],
            heading=_("Terms and time"),
        ),
        MultiFieldPanel(
            [FieldPanel("featured"), FieldPanel("hidden"), FieldPanel("review_note")],
            heading=_("Moderation"),
        ),
    ]

    def get_queryset(self, request):
        return Listing.objects.select_related("category", "owner")


register_snippet(ListingViewSet)


@hooks.register("register_admin_urls")
def register_review_queue_url():
    return [path("listings/review/", admin_views.review_queue, name="listings_review_queue")]


class CoordinatorMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_coordinator


@hooks.register("register_admin_menu_item")
def register_review_queue_menu_item():
    return CoordinatorMenuItem(
        _("Review queue"), reverse("listings_review_queue"), icon_name="tasks", order=151
    )
