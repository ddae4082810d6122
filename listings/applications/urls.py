"""Included into the `listings` URL namespace by listings/urls.py."""

from django.urls import path

from . import views

urlpatterns = [
    path("applications/", views.my_applications, name="my_applications"),
    path("applications/<int:application_pk>/cancel/", views.cancel, name="cancel_application"),
    path("applications/<int:application_pk>/decide/", views.decide, name="decide_application"),
    path("<int:pk>/apply/", views.apply, name="apply"),
    path(
        "<int:pk>/applications/settings/",
        views.application_settings,
        name="application_settings",
    ),
    path("<int:pk>/applications/", views.applicants, name="applicants"),
    path(
        "<int:pk>/applications/export.<str:file_format>",
        views.export_applicants,
        name="export_applicants",
    ),
    path(
        "<int:pk>/applications/message/",
        views.message_participants,
        name="message_participants",
    ),
]
