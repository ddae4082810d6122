"""The coordinators' listing tools in the Wagtail admin: every listing (list, filter, edit,
moderate), the review and reports queues, the category tree, the areas and the synonym
dictionary. Writes with rules of their own go through ``listings.services``."""

import django_filters
from django.contrib import messages
from django.db.models import Case, Count, IntegerField, ProtectedError, Value, When
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    DeleteView,
    EditView,
    IndexView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from . import admin_views
from .admin_forms import (
    NAME_FIELDS,
    AreaAdminForm,
    CategoryAdminForm,
    ListingAdminForm,
    SynonymGroupAdminForm,
    category_tree,
)
from .bookings import wagtail_hooks as booking_hooks  # noqa: F401  (bookable spaces, utilisation)
from .item_requests import admin_hooks as item_request_hooks  # noqa: F401  (its hooks)
from .models import (
    KIND_FIELDS,
    Area,
    Category,
    Kind,
    Listing,
    ListingReport,
    ReportStatus,
    SynonymGroup,
)


@hooks.register("register_log_actions")
def register_listing_log_actions(actions):
    actions.register_action("yui.listing.submit", _("Submit listing"), _("Submitted for review"))
    actions.register_action("yui.listing.publish", _("Publish listing"), _("Published"))
    actions.register_action("yui.listing.approve", _("Approve listing"), _("Approved"))
    actions.register_action("yui.listing.reject", _("Send listing back"), _("Sent back"))
    actions.register_action("yui.listing.close", _("Close listing"), _("Closed"))
    actions.register_action("yui.listing.renew", _("Renew listing"), _("Renewed"))
    actions.register_action("yui.listing.moderate", _("Moderate listing"), _("Moderated"))
    actions.register_action("yui.listing.report", _("Report listing"), _("Reported"))
    actions.register_action(
        "yui.listing.report.resolve", _("Hide reported listing"), _("Hidden after a report")
    )
    actions.register_action(
        "yui.listing.report.dismiss", _("Dismiss report"), _("Report dismissed")
    )


class CoordinatorMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_coordinator


# Listings


def _moderate_button(listing: Listing) -> Button:
    return Button(
        gettext_lazy("Hide, feature or close"),
        url=reverse("listings_moderate", args=[listing.pk]),
        icon_name="view",
        priority=15,
    )


class ListingIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        return [*super().get_list_more_buttons(instance), _moderate_button(instance)]


class ListingEditView(EditView):
    @cached_property
    def header_more_buttons(self):
        find_matches = Button(  # the page is matching's (matching.wagtail_hooks)
            gettext_lazy("Find matches"),
            url=reverse("matching_find_matches", args=[self.object.pk]),
            icon_name="link",
            priority=16,
        )
        return [*super().header_more_buttons, _moderate_button(self.object), find_matches]


KIND_PANEL_HEADINGS = {
    Kind.SKILL: gettext_lazy("Skill details"),
    Kind.ITEM: gettext_lazy("Item details"),
    Kind.SPACE: gettext_lazy("Space details"),
    Kind.ACTIVITY: gettext_lazy("Activity details"),
}


class ListingFilterSet(WagtailFilterSet):
    posted_for_proxy = django_filters.BooleanFilter(
        field_name="proxy_owner",
        lookup_expr="isnull",
        exclude=True,
        label=gettext_lazy("Posted on behalf of a resident"),
    )

    class Meta:
        model = Listing
        fields = ["status", "kind", "direction", "hidden", "featured", "category"]


class ListingViewSet(SnippetViewSet):
    """Coordinators list, filter, search and edit every listing. Status changes (hide, feature,
    close) go through the services, from the listing's moderation page; status itself is not
    editable here."""

    model = Listing
    icon = "list-ul"
    menu_label = gettext_lazy("Listings")
    menu_order = 150
    add_to_admin_menu = True
    inspect_view_enabled = True
    index_view_class = ListingIndexView
    edit_view_class = ListingEditView
    list_display = ["title", "kind", "direction", "status", "category", "area", "published_at"]
    filterset_class = ListingFilterSet
    list_per_page = 50
    ordering = ["-created_at"]
    # The admin finds a listing by its title or register reference; residents' keyword search
    # (listings.search) is for the public site.
    search_fields = ["title", "ref"]
    search_backend_name = None
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("kind"), FieldPanel("direction")]),
                    FieldPanel("category"),
                ],
                heading=gettext_lazy("What it is"),
            ),
            FieldPanel("title"),
            FieldPanel("description"),
            FieldPanel("tags"),
            *(
                MultiFieldPanel(
                    [FieldPanel(name) for name in names],
                    heading=KIND_PANEL_HEADINGS[kind],
                    classname="collapsed",
                )
                for kind, names in KIND_FIELDS.items()
            ),
            MultiFieldPanel(
                [
                    FieldPanel("area"),
                    FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                    FieldPanel("language"),
                    FieldPanel("spoken_languages"),
                ],
                heading=gettext_lazy("Where and in which languages"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("terms"),
                    FieldPanel("fee_amount"),
                    FieldPanel("exchange_note"),
                    FieldPanel("availability"),
                ],
                heading=gettext_lazy("Terms and time"),
            ),
            MultiFieldPanel(
                [FieldPanel("proxy_owner")],
                heading=gettext_lazy("Posted on behalf of"),
                help_text=gettext_lazy(
                    "For a resident without an account: the listing is theirs and you are "
                    "their contact."
                ),
            ),
            MultiFieldPanel(
                [FieldPanel("featured"), FieldPanel("hidden"), FieldPanel("review_note")],
                heading=gettext_lazy("Moderation"),
            ),
        ],
        base_form_class=ListingAdminForm,
    )

    def get_queryset(self, request):
        return Listing.objects.select_related("category", "owner")


register_snippet(ListingViewSet)


@hooks.register("register_admin_urls")
def register_review_queue_url():
    return [path("listings/review/", admin_views.review_queue, name="listings_review_queue")]


@hooks.register("register_admin_menu_item")
def register_review_queue_menu_item():
    return CoordinatorMenuItem(
        _("Review queue"), reverse("listings_review_queue"), icon_name="tasks", order=151
    )


@hooks.register("register_admin_urls")
def register_listing_moderation_urls():
    return [
        path("listings/<int:pk>/moderate/", admin_views.moderate, name="listings_moderate"),
        path("listings/reports/", admin_views.reports_queue, name="listings_reports_queue"),
    ]


class ReportsMenuItem(CoordinatorMenuItem):
    """The reports queue, its label followed by the number of open reports when there are any."""

    def render_component(self, request):
        component = super().render_component(request)
        count = ListingReport.objects.filter(status=ReportStatus.OPEN).count()
        if count:
            component.label = _("%(label)s (%(count)d)") % {"label": self.label, "count": count}
        return component


@hooks.register("register_admin_menu_item")
def register_reports_queue_menu_item():
    return ReportsMenuItem(
        gettext_lazy("Listing reports"),
        reverse("listings_reports_queue"),
        name="listing-reports",
        icon_name="warning",
        order=152,
    )


# Categories, areas and the synonym dictionary


def _tree_annotations():
    """The category tree's order and each category's depth, as SQL values."""
    tree = category_tree()
    order = [When(pk=category.pk, then=Value(i)) for i, (category, _depth) in enumerate(tree)]
    depth = [When(pk=category.pk, then=Value(d)) for category, d in tree]
    return {
        "tree_order": Case(*order, default=Value(len(tree)), output_field=IntegerField()),
        "tree_depth": Case(*depth, default=Value(0), output_field=IntegerField()),
    }


class CategoryIndexView(IndexView):
    """The categories as a tree: depth-first, each name indented by its depth."""

    def _get_title_column(self, field_name, *args, **kwargs):
        column = super()._get_title_column(field_name, *args, **kwargs)
        column.accessor = lambda category: "— " * category.tree_depth + category.name
        return column


class CategoryDeleteView(DeleteView):
    """Refuses, with a reason, to delete a category that listings or sub-categories use."""

    @cached_property
    def refusal(self) -> str | None:
        category = self.object
        listings = Listing.objects.filter(category=category).count()
        if listings:
            return ngettext(
                "“%(category)s” cannot be deleted: %(count)d listing is in it. Move it to "
                "another category first.",
                "“%(category)s” cannot be deleted: %(count)d listings are in it. Move them to "
                "another category first.",
                listings,
            ) % {"category": category.name, "count": listings}
        if category.children.exists():
            return _(
                "“%(category)s” cannot be deleted: it has sub-categories. Move or delete them "
                "first."
            ) % {"category": category.name}
        return None

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "refusal": self.refusal}

    def form_valid(self, form):
        if self.refusal:
            messages.error(self.request, self.refusal)
            return redirect(self.get_success_url())
        try:
            return super().form_valid(form)
        except ProtectedError:  # a listing was filed under it meanwhile
            messages.error(self.request, _("This category is in use, so it cannot be deleted."))
            return redirect(self.get_success_url())


class CategoryViewSet(SnippetViewSet):
    """The category tree with names in every site language. Renaming or moving a category
    re-indexes its listings' search documents (``listings.signals``)."""

    model = Category
    icon = "folder-open-inverse"
    menu_label = gettext_lazy("Categories")
    index_view_class = CategoryIndexView
    delete_view_class = CategoryDeleteView
    delete_template_name = "listings/admin/category_confirm_delete.html"
    copy_view_enabled = False
    list_display = [
        "__str__",
        "slug",
        "parent",
        "position",
        Column("listing_count", label=gettext_lazy("Listings")),
    ]
    list_per_page = 500
    ordering = "tree_order"
    edit_handler = ObjectList(
        [
            *(FieldPanel(name) for name in NAME_FIELDS),
            FieldPanel("slug"),
            FieldPanel("parent"),
            FieldPanel("position"),
        ],
        base_form_class=CategoryAdminForm,
    )

    def get_queryset(self, request):
        return (
            Category.objects.select_related("parent")
            .annotate(listing_count=Count("listings"), **_tree_annotations())
            .order_by("tree_order")
        )


class AreaViewSet(SnippetViewSet):
    model = Area
    icon = "site"
    menu_label = gettext_lazy("Areas")
    copy_view_enabled = False
    list_display = ["__str__", "name", "latitude", "longitude", "position"]
    list_per_page = 200
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            *(FieldPanel(name) for name in NAME_FIELDS),
            FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            FieldPanel("position"),
        ],
        base_form_class=AreaAdminForm,
    )


class SynonymGroupViewSet(SnippetViewSet):
    """Spellings search treats as one word; an edit applies to the next search, everywhere."""

    model = SynonymGroup
    icon = "search"
    menu_label = gettext_lazy("Synonym dictionary")
    copy_view_enabled = False
    list_display = ["__str__", "note", "updated_at"]
    list_per_page = 200
    search_fields = ["spellings", "note"]
    search_backend_name = None
    edit_handler = ObjectList(
        [FieldPanel("spellings"), FieldPanel("note")], base_form_class=SynonymGroupAdminForm
    )


class ListingSetupViewSetGroup(SnippetViewSetGroup):
    items = (CategoryViewSet, AreaViewSet, SynonymGroupViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = gettext_lazy("Categories and search")
    menu_name = "listing-setup"
    menu_order = 153


register_snippet(ListingSetupViewSetGroup)


# Import and export (listings.admin_import, listings.export)


@hooks.register("register_admin_urls")
def register_import_export_urls():
    from . import admin_import, export

    return [
        path("listings/import/", admin_import.import_upload, name="listings_import"),
        path(
            "listings/import/confirm/", admin_import.import_confirm, name="listings_import_confirm"
        ),
        path("listings/export/", export.export_listings, name="listings_export"),
    ]


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return CoordinatorMenuItem(
        gettext_lazy("Import listings"),
        reverse("listings_import"),
        name="listing-import",
        icon_name="upload",
        order=154,
    )


@hooks.register("register_admin_menu_item")
def register_export_menu_item():
    return CoordinatorMenuItem(
        gettext_lazy("Export listings"),
        reverse("listings_export"),
        name="listing-export",
        icon_name="download",
        order=155,
    )
