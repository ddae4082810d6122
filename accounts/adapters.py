from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

from .preferences import remember_language


class AccountAdapter(DefaultAccountAdapter):
    """Keeps the resident's site language across sign-up and log-in."""

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            user.profile.language = get_language() or settings.LANGUAGE_CODE
            user.profile.save(update_fields=["language", "updated_at"])
        return user

    def post_login(self, request, user, **kwargs):
        response = super().post_login(request, user, **kwargs)
        language = user.profile.language
        if language and response.has_header("Location"):
            response["Location"] = translate_url(response["Location"], language)
        if language:
            remember_language(response, language)
        return response
