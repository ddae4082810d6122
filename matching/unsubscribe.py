"""One-click unsubscribe from e-mails: a signed token naming the resident and the topic
(``match``: match e-mails; ``message``: e-mails about unread messages).

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
# Each topic and the profile setting its token turns to "never".
TOPIC_FIELDS = {TOPIC: "email_on_match", "message": "email_on_message"}


class InvalidToken(Exception):
    """The token was tampered with, cut short, or names no one."""


def make_token(user, topic: str = TOPIC) -> str:
    return signing.Signer(salt=SALT).sign_object({"u": user.pk, "t": topic})


def user_for_token(token: str):
    """The resident the token was made for, with the token's topic as ``unsubscribe_topic``;
    InvalidToken if it is not one of ours."""
    try:
        payload = signing.Signer(salt=SALT).unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError):
        raise InvalidToken from None
    if not isinstance(payload, dict) or payload.get("t") not in TOPIC_FIELDS:
        raise InvalidToken
    user = get_user_model().objects.select_related("profile").filter(pk=payload.get("u")).first()
    if user is None:
        raise InvalidToken
    user.unsubscribe_topic = payload["t"]
    return user


def is_unsubscribed(user, topic: str | None = None) -> bool:
    topic = topic or getattr(user, "unsubscribe_topic", TOPIC)
    return getattr(user.profile, TOPIC_FIELDS[topic]) == EmailFrequency.NEVER


@transaction.atomic
def unsubscribe_from_match_emails(*, token: str) -> tuple[object, bool]:
    """Turn off the token's resident's e-mails of the token's topic (match e-mails, or for a
    ``message`` token e-mails about unread messages); returns (user, whether it changed).
    Using the token again changes nothing. InvalidToken for a token that is not ours."""
    user = user_for_token(token)
    field = TOPIC_FIELDS[user.unsubscribe_topic]
    changed = (
        Profile.objects.filter(user=user)
        .exclude(**{field: EmailFrequency.NEVER})
        .update(**{field: EmailFrequency.NEVER, "updated_at": timezone.now()})
    )
    return user, bool(changed)
