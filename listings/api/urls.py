"""/api/v1/: listings, categories, the OpenAPI schema; any other path is a JSON 404."""

from django.urls import path, re_path
from rest_framework.routers import SimpleRouter

from .views import CategoryTreeView, ListingViewSet, NotFoundView, SchemaView

app_name = "api"

router = SimpleRouter()
router.register("listings", ListingViewSet, basename="listing")

urlpatterns = [
    *router.urls,
    path("categories/", CategoryTreeView.as_view(), name="category-tree"),
    path("openapi.json", SchemaView.as_view(), name="schema"),
    re_path(r"^.*$", NotFoundView.as_view(), name="not-found"),
]
