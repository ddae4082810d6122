from django.urls import path

from . import notification_views, views

app_name = "accounts"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("profile/", views.edit_profile, name="profile"),
    path("export/", views.export_data, name="export"),
    path("delete/", views.delete, name="delete"),
    path("notifications/", notification_views.notification_list, name="notifications"),
    path(
        "notifications/read/",
        notification_views.mark_all_read,
        name="notifications_mark_all_read",
    ),
]
