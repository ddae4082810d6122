from django.urls import path

from . import views

app_name = "communities"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/join/", views.join, name="join"),
    path("<int:pk>/leave/", views.leave, name="leave"),
    path("<int:pk>/members/", views.members, name="members"),
    path("<int:pk>/members/<int:member_pk>/approve/", views.approve, name="approve"),
    path("<int:pk>/members/<int:member_pk>/decline/", views.decline, name="decline"),
    path("<int:pk>/members/<int:member_pk>/remove/", views.remove, name="remove"),
    path(
        "<int:pk>/members/<int:member_pk>/organiser/",
        views.make_organiser,
        name="make_organiser",
    ),
    path("<int:pk>/board/", views.board, name="board"),
    path("<int:pk>/board/post/", views.post, name="post"),
    path("<int:pk>/board/<int:post_pk>/reply/", views.reply, name="reply"),
    path("<int:pk>/board/<int:post_pk>/report/", views.report_post, name="report_post"),
    path("<int:pk>/board/<int:post_pk>/delete/", views.delete_post, name="delete_post"),
]
