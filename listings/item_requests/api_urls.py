"""Included into /api/v1/ by listings/api/urls.py (before its catch-all 404)."""

urlpatterns = []
