"""Included into /api/v1/ by listings/api/urls.py (before its catch-all 404)."""

from django.urls import path

from .api import ApplyView, CancelView, MyApplicationsView

urlpatterns = [
    path("applications/", MyApplicationsView.as_view(), name="my-applications"),
    path("applications/<int:id>/cancel/", CancelView.as_view(), name="application-cancel"),
    path("listings/<int:id>/applications/", ApplyView.as_view(), name="listing-apply"),
]
