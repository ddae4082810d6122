"""Demo applications for `make run`: three demo activities take applications — the Japanese
class first come, first served; the rice-planting day with the organiser's approval and a
question; the disaster drill nearly full with a waiting list — with applications from demo
residents (four more are made here, so that the drill's seats can run out)."""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User

from ..models import ApplicationSettings, ApprovalMode, Listing, QuestionKind
from .services import apply_to_activity, configure_applications

# (listing ref, settings, applicants by e-mail in the order they apply, with answers)
DEMO_ACTIVITIES = [
    (
        "demo-007",
        {"capacity": 15, "approval_mode": ApprovalMode.FIRST_COME, "questions": []},
        ["minh@yui.example", "ana@yui.example", "li@yui.example"],
    ),
    (
        "demo-042",
        {
            "capacity": 30,
            "approval_mode": ApprovalMode.APPROVAL,
            "questions": [
                {
                    "text": "何人で参加しますか？",
                    "kind": QuestionKind.CHOICE,
                    "options": ["1人", "2人", "3人以上"],
                    "required": True,
                },
                {"text": "お子さんの年齢（親子で参加の方）", "kind": QuestionKind.TEXT},
            ],
        },
        ["hanako@yui.example", "kenji@yui.example"],
    ),
    (
        "demo-025",
        {"capacity": 3, "approval_mode": ApprovalMode.FIRST_COME, "questions": []},
        [
            "hanako@yui.example",
            "sakura@yui.example",
            "minh@yui.example",
            "kenji@yui.example",
        ],
    ),
]
DRILL_STARTS_IN = datetime.timedelta(days=10)


def _demo_applicants() -> dict[str, User]:
    """The demo residents who apply (made by ``accounts.demo``), by e-mail."""
    emails = {email for _ref, _settings, applicants in DEMO_ACTIVITIES for email in applicants}
    return {user.email: user for user in User.objects.filter(email__in=emails)}


def _answers(listing: Listing, email: str) -> dict[int, str]:
    questions = list(listing.application_settings.questions.all())
    return {
        question.pk: question.options[1] if question.options else "5歳"
        for question in questions
        if question.required or email == "hanako@yui.example"
    }


@transaction.atomic
def create_demo_applications() -> list[ApplicationSettings]:
    """Make the demo activities take applications, once (an activity that already takes
    them is left as it is); returns the settings created now."""
    listings = {listing.ref: listing for listing in Listing.objects.filter(ref__startswith="demo-")}
    coordinator = User.objects.filter(email="coordinator@yui.example").first()
    if coordinator is None:
        return []
    users = _demo_applicants()
    created = []
    for ref, options, applicants in DEMO_ACTIVITIES:
        listing = listings.get(ref)
        if listing is None or ApplicationSettings.objects.filter(listing=listing).exists():
            continue
        if ref == "demo-025" and listing.activity_starts_at is None:
            starts_at = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
            listing.activity_starts_at = starts_at + DRILL_STARTS_IN
            Listing.objects.filter(pk=listing.pk).update(
                activity_starts_at=listing.activity_starts_at
            )
        app_settings = configure_applications(listing=listing, by=coordinator, **options)
        listing.application_settings = app_settings
        for email in applicants:
            if email in users and users[email].pk != listing.owner_id:
                apply_to_activity(
                    listing_id=listing.pk, applicant=users[email], answers=_answers(listing, email)
                )
        created.append(app_settings)
    return created
