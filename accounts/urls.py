from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("profile/", views.edit_profile, name="profile"),
    path("export/", views.export_data, name="export"),
    path("delete/", views.delete, name="delete"),
]
