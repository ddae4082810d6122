from .notifications import request_unread_count
from .preferences import wants_large_text


def display_preferences(request):
    """Display preferences every page honours (the large-text mode)."""
    return {"large_text": wants_large_text(request)}


def notifications(request):
    """The bell's unread count, as a callable: the template calls it (one query) only where
    the bell is shown, that is for a logged-in user."""
    return {"unread_notification_count": lambda: request_unread_count(request)}
