"""Included into the `listings` URL namespace by listings/urls.py."""

urlpatterns = []
