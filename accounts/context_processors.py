from .preferences import wants_large_text


def display_preferences(request):
    """Display preferences every page honours (the large-text mode)."""
    return {"large_text": wants_large_text(request)}
