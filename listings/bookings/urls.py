"""Included into the `listings` URL namespace by listings/urls.py."""

from django.urls import path

from . import views

urlpatterns = [
    path("<int:pk>/calendar/", views.space_week, name="space_week"),
    path("<int:pk>/calendar/day/", views.space_day, name="space_day"),
    path("<int:pk>/book/", views.book_space, name="book_space"),
    path("<int:pk>/bookings/", views.space_bookings, name="space_bookings"),
    path("<int:pk>/booking-settings/", views.space_settings, name="space_booking_settings"),
    path("bookings/mine/", views.my_bookings, name="my_bookings"),
    path("bookings/<int:booking_id>/", views.booking_detail, name="booking_detail"),
    path("bookings/<int:booking_id>/booking.ics", views.booking_ics, name="booking_ics"),
    path("bookings/<int:booking_id>/cancel/", views.cancel_booking, name="cancel_booking"),
    path("bookings/<int:booking_id>/decide/", views.decide_booking, name="decide_booking"),
]
