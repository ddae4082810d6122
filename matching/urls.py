from django.urls import path

from .views import feedback

app_name = "matching"

urlpatterns = [
    path("feedback/", feedback.record_suggestion_feedback, name="feedback"),
]
