"""Messages as JSON for the real-time frames and the catch-up API: the body already rendered
as HTML (escaped, contact details masked unless both people agreed, links clickable), so a
client never handles raw text and cannot get the masking wrong."""

from .models import Conversation, Message
from .text import render


def message(
    message: Message, conversation: Conversation | None = None, *, masked: bool | None = None
) -> dict:
    """``masked``: whether contact details are hidden; by default, unless both people of a
    two-person conversation (``conversation``, else the message's) agreed (one query)."""
    if masked is None:
        from .services import contact_details_shared

        masked = not contact_details_shared(conversation or message.conversation)
    sender = message.sender
    return {
        "conversation": message.conversation_id,
        "id": message.pk,
        "seq": message.seq,
        "sender": message.sender_id,
        "sender_name": sender.display_name if sender is not None else "",
        # A coordinator answering for a proxy resident; the resident's name stays private.
        "for_resident": message.on_behalf_of_id is not None,
        "body_html": "" if message.is_deleted else str(render(message.body, masked=masked)),
        "photo": message.thumbnail.url if message.thumbnail and not message.is_deleted else "",
        "created_at": message.created_at.isoformat(),
        "edited": message.edited_at is not None,
        "deleted": message.is_deleted,
    }
