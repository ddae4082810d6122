"""How the site remembers a visitor's display choices: cookies, and the profile once logged in."""

from django.conf import settings

LARGE_TEXT_COOKIE = "yui_large_text"


def _set_preference_cookie(response, name: str, value: str) -> None:
    response.set_cookie(
        name,
        value,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=True,
    )


def remember_language(response, language: str) -> None:
    _set_preference_cookie(response, settings.LANGUAGE_COOKIE_NAME, language)


def remember_large_text(response, large_text: bool) -> None:
    _set_preference_cookie(response, LARGE_TEXT_COOKIE, "1" if large_text else "0")


def wants_large_text(request) -> bool:
    """A logged-in resident's profile decides; a visitor's cookie otherwise."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user.profile.large_text
    return request.COOKIES.get(LARGE_TEXT_COOKIE) == "1"
