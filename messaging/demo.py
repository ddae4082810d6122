"""A demo conversation for `make run`: はなこ asks Minh about his cooking class, so the inbox,
the unread count and the conversation page have something to show."""

from accounts.models import User
from listings.models import Listing

from .models import Conversation
from .services import send_message, start_conversation

DEMO_MESSAGES = [
    (
        "hanako@yui.example",
        "こんにちは。フォーの作り方を教えていただけますか？土曜の午後はいかがでしょう。",
    ),
    ("minh@yui.example", "はい、大丈夫です！駅前の公民館の調理室でどうですか。"),
]


def create_demo_conversation() -> Conversation | None:
    """The conversation, with its messages the first time; None if the demo listing or the
    demo residents are missing."""
    listing = Listing.objects.filter(ref="demo-005").first()
    users = {user.email: user for user in User.objects.filter(email__in=dict(DEMO_MESSAGES))}
    if listing is None or len(users) < 2:
        return None
    conversation = start_conversation(listing=listing, by=users["hanako@yui.example"])
    if conversation.last_seq == 0:
        for email, body in DEMO_MESSAGES:
            send_message(sender=users[email], conversation_id=conversation.pk, body=body)
    return conversation
