from django.conf import settings
from django.db import transaction

from .tasks import send_account_deleted_email


def delete_account(*, user) -> None:
    """Delete a resident's account and personal data, then tell them by e-mail.

    The user row goes, and with it the profile, e-mail addresses and sessions' meaning.
    Records other people keep (later: messages sent to them) point to no user and show
    as from "deleted user".
    """
    email = user.email
    language = user.profile.language or settings.LANGUAGE_CODE
    with transaction.atomic():
        user.delete()
        transaction.on_commit(
            lambda: send_account_deleted_email.enqueue(email=email, language=language)
        )
