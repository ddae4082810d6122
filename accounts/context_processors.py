def display_preferences(request):
    """Display preferences every page honours (the large-text mode)."""
    user = getattr(request, "user", None)
    large_text = False
    if user is not None and user.is_authenticated:
        profile = getattr(user, "profile", None)
        large_text = bool(profile and profile.large_text)
    return {"large_text": large_text}
