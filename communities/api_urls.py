"""Included into /api/v1/ by listings/api/urls.py (before its catch-all 404)."""

from rest_framework.routers import SimpleRouter

from .api import CommunityViewSet

router = SimpleRouter()
router.register("communities", CommunityViewSet, basename="community")

urlpatterns = router.urls
