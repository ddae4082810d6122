"""Included into /api/v1/ by listings/api/urls.py (before its catch-all 404)."""

from django.urls import path

from .api import MyItemRequestsView

urlpatterns = [
    path("item-requests/", MyItemRequestsView.as_view(), name="my-item-requests"),
]
