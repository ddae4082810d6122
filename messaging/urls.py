from django.urls import path

from . import views

app_name = "messaging"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("start/<int:listing_id>/", views.start, name="start"),
    path("groups/new/", views.new_group, name="new_group"),
    path("<int:pk>/", views.conversation, name="conversation"),
    path("<int:pk>/messages/<int:message_id>/edit/", views.edit_message, name="edit_message"),
    path("<int:pk>/messages/<int:message_id>/delete/", views.delete_message, name="delete_message"),
    path("<int:pk>/share-contact/", views.share_contact, name="share_contact"),
    path("<int:pk>/block/", views.block, name="block"),
    path("<int:pk>/unblock/", views.unblock, name="unblock"),
    path("<int:pk>/report/", views.report, name="report"),
    path("<int:pk>/leave/", views.leave, name="leave"),
    path("<int:pk>/members/", views.add_members, name="add_members"),
]
