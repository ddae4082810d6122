"""One-click unsubscribe from match e-mails, or e-mails about unread messages, from the link
in every such e-mail: no login.

GET shows a confirmation button (a link checker or a mail scanner following the link must not
unsubscribe anyone); POST unsubscribes, from that button or from the mail program itself
(``List-Unsubscribe-Post: List-Unsubscribe=One-Click``, RFC 8058), which sends no CSRF token:
the signed token is the credential, and all it can do is turn e-mails off.
"""

from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from ..unsubscribe import (
    InvalidToken,
    is_unsubscribed,
    unsubscribe_from_match_emails,
    user_for_token,
)

TEMPLATE = "matching/unsubscribe.html"


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    try:
        if request.method == "POST":
            user, changed = unsubscribe_from_match_emails(token=token)
            state = "done" if changed else "already"
        else:
            user = user_for_token(token)
            state = "already" if is_unsubscribed(user) else "confirm"
    except InvalidToken:
        return render(request, TEMPLATE, {"state": "invalid", "topic": "match"}, status=400)
    return render(
        request, TEMPLATE, {"state": state, "token": token, "topic": user.unsubscribe_topic}
    )
