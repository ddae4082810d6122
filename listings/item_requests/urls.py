"""Included into the `listings` URL namespace by listings/urls.py."""

from django.urls import path

from . import views

urlpatterns = [
    path("<int:pk>/ask/", views.request_item, name="request_item"),
    path("<int:pk>/requests/", views.listing_requests, name="item_requests"),
    path(
        "<int:pk>/requests/<int:request_id>/choose/",
        views.choose,
        name="choose_item_request",
    ),
    path(
        "<int:pk>/requests/<int:request_id>/message/",
        views.message_requester,
        name="message_item_requester",
    ),
    path("<int:pk>/requests/undo/", views.undo_choice, name="undo_item_request_choice"),
    path("<int:pk>/requests/handed-over/", views.fulfil, name="fulfil_item_request"),
    path("my-requests/", views.my_item_requests, name="my_item_requests"),
    path(
        "my-requests/<int:request_id>/withdraw/",
        views.withdraw,
        name="withdraw_item_request",
    ),
]
