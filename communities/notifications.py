"""How community notifications read (`accounts.notifications.presents`).

Each stores ``data``: ``event``, ``community`` (its id), ``name`` (its name then) and, where
someone acted, ``by`` (their display name then): the sentence needs no query.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import NotificationKind
from accounts.notifications import NotificationText, presents


def _sentence(event: str, data: dict) -> str:
    values = {"name": data.get("name", ""), "person": data.get("by", "")}
    sentences = {
        "join_request": _("%(person)s asks to join “%(name)s”."),
        "request_approved": _("Welcome! Your request to join “%(name)s” was accepted."),
        "request_declined": _("Your request to join “%(name)s” was declined."),
        "removed": _("You are no longer a member of “%(name)s”."),
        "made_organiser": _("%(person)s made you an organiser of “%(name)s”."),
        "made_organiser_on_leaving": _(
            "The organiser of “%(name)s” has left Yui, so you are now its organiser: you answer "
            "requests to join and look after the members."
        ),
        "reply": _("%(person)s replied to your post on the board of “%(name)s”."),
    }
    return sentences.get(event, _("News from the community “%(name)s”.")) % values


@presents(NotificationKind.COMMUNITY)
def present_community_notification(notification) -> NotificationText:
    data = notification.data or {}
    event = data.get("event", "")
    community_id = data.get("community")
    sentence = _sentence(event, data)
    if not community_id or event == "removed":
        return NotificationText(sentence)
    if event == "join_request":
        url, link_text = reverse("communities:members", args=[community_id]), _("Answer")
    elif event == "reply":
        post = data.get("post")
        url = reverse("communities:board", args=[community_id]) + (f"#post-{post}" if post else "")
        link_text = _("See the reply")
    else:
        url, link_text = reverse("communities:detail", args=[community_id]), _("See the community")
    return NotificationText(
        sentence, url=url, link_text=link_text, link_context=data.get("name", "")
    )
