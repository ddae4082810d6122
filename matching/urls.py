from django.urls import path

from .views import feedback, saved_searches, unsubscribe

app_name = "matching"

urlpatterns = [
    path("feedback/", feedback.record_suggestion_feedback, name="feedback"),
    path("searches/", saved_searches.saved_search_list, name="saved_searches"),
    path("searches/save/", saved_searches.save, name="save_search"),
    path("searches/<int:pk>/delete/", saved_searches.delete, name="delete_search"),
    path("unsubscribe/<str:token>/", unsubscribe.unsubscribe, name="unsubscribe"),
]
