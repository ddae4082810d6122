"""One-click unsubscribe from match e-mails: a signed token naming the resident and the topic.

The token does not expire (an old e-mail's link must still work) and needs no login; it only
ever turns e-mails off, so a leaked one can do no more than that.
"""

from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.utils import timezone

from accounts.models import EmailFrequency, Profile

SALT = "matching.unsubscribe"
TOPIC = "match"


class InvalidToken(Exception):
    """The token was tampered with, cut short, or names no one."""


def make_token(user) -> str:
    return signing.Signer(salt=SALT).sign_object({"u": user.pk, "t": TOPIC})


def user_for_token(token: str):
    """The resident the token was made for; InvalidToken if it is not one of ours."""
    try:
        payload = signing.Signer(salt=SALT).unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError):
        raise InvalidToken from None
    if not isinstance(payload, dict) or payload.get("t") != TOPIC:
        raise InvalidToken
    user = get_user_model().objects.select_related("profile").filter(pk=payload.get("u")).first()
    if user is None:
        raise InvalidToken
    return user


def is_unsubscribed(user) -> bool:
    return user.profile.email_on_match == EmailFrequency.NEVER


@transaction.atomic
def unsubscribe_from_match_emails(*, token: str) -> tuple[object, bool]:
    """Turn off the token's resident's match e-mails; returns (user, whether it changed).
    Using the token again changes nothing. InvalidToken for a token that is not ours."""
    user = user_for_token(token)
    changed = (
        Profile.objects.filter(user=user)
        .exclude(email_on_match=EmailFrequency.NEVER)
        .update(email_on_match=EmailFrequency.NEVER, updated_at=timezone.now())
    )
    return user, bool(changed)
