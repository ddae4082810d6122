"""/api/v1/: listings, categories, applications, bookings, item requests, communities, the
OpenAPI schema; any other path is a JSON 404."""

from django.urls import include, path, re_path
from rest_framework.routers import SimpleRouter

from .views import CategoryTreeView, ListingViewSet, NotFoundView, SchemaView

app_name = "api"

router = SimpleRouter()
router.register("listings", ListingViewSet, basename="listing")

urlpatterns = [
    *router.urls,
    path("categories/", CategoryTreeView.as_view(), name="category-tree"),
    path("", include("listings.applications.api_urls")),
    path("", include("listings.bookings.api_urls")),
    path("", include("listings.item_requests.api_urls")),
    path("", include("communities.api_urls")),
    path("openapi.json", SchemaView.as_view(), name="schema"),
    re_path(r"^.*$", NotFoundView.as_view(), name="not-found"),
]
