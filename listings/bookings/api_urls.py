"""Included into /api/v1/ by listings/api/urls.py (before its catch-all 404)."""

from django.urls import path

from .api import MyBookingsView, SpaceAvailabilityView

urlpatterns = [
    path(
        "spaces/<int:id>/availability/",
        SpaceAvailabilityView.as_view(),
        name="space-availability",
    ),
    path("bookings/", MyBookingsView.as_view(), name="my-bookings"),
]
