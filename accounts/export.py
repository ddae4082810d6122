"""Everything Yui keeps about a person, as JSON they can download."""

from django.utils import timezone

from communities.models import BoardPost
from messaging.models import Message


def export_user_data(user) -> dict:
    profile = user.profile
    return {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "email": user.email,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "email_addresses": [
                {"email": address.email, "verified": address.verified, "primary": address.primary}
                for address in user.emailaddress_set.order_by("pk")
            ],
            "groups": sorted(user.groups.values_list("name", flat=True)),
        },
        "profile": {
            "display_name": profile.display_name,
            "area": profile.area,
            "spoken_languages": profile.spoken_languages,
            "interests": sorted(profile.interests.values_list("slug", flat=True)),
            "moved_in": profile.moved_in.strftime("%Y-%m") if profile.moved_in else None,
            "bio": profile.bio,
            "email_on_message": profile.email_on_message,
            "email_on_match": profile.email_on_match,
            "email_news": profile.email_news,
            "large_text": profile.large_text,
            "language": profile.language,
        },
        "listings": [
            {
                "id": listing.pk,
                "ref": listing.ref,
                "kind": listing.kind,
                "direction": listing.direction,
                "title": listing.title,
                "status": listing.status,
                "created_at": listing.created_at.isoformat(),
            }
            for listing in user.listings.order_by("pk")
        ],
        "saved_searches": [
            {"search": search.query_string, "created_at": search.created_at.isoformat()}
            for search in user.saved_searches.order_by("pk")
        ],
        "notifications": [
            {
                "kind": notification.kind,
                "listing": notification.listing_id,
                "about_listing": notification.about_listing_id,
                "created_at": notification.created_at.isoformat(),
                "read_at": _isoformat(notification.read_at),
            }
            for notification in user.notifications.order_by("pk")
        ],
        "match_alerts": [
            {
                "listing": alert.listing_id,
                "for_listing": alert.for_listing_id,
                "created_at": alert.created_at.isoformat(),
                "emailed_at": _isoformat(alert.emailed_at),
            }
            for alert in user.match_alerts.order_by("pk")
        ],
        "suggestion_feedback": [
            {
                "suggested": feedback.suggested_id,
                "for_listing": feedback.listing_id,
                "verdict": feedback.verdict,
                "created_at": feedback.created_at.isoformat(),
            }
            for feedback in user.suggestionfeedback_set.order_by("pk")
        ],
        "applications": [
            {
                "activity": application.listing_id,
                "status": application.status,
                "answers": application.answers,
                "applied_at": application.applied_at.isoformat(),
                "cancelled_at": _isoformat(application.cancelled_at),
            }
            for application in user.activity_applications.order_by("pk")
        ],
        "bookings": [
            {
                "place": f"{booking.room.space.listing.title} {booking.room.name}",
                "starts_at": booking.starts_at.isoformat(),
                "ends_at": booking.ends_at.isoformat(),
                "purpose": booking.purpose,
                "people": booking.people,
                "status": booking.status,
            }
            for booking in user.bookings.select_related("room__space__listing").order_by("pk")
        ],
        "item_requests": [
            {
                "listing": item_request.listing_id,
                "message": item_request.message,
                "status": item_request.status,
                "created_at": item_request.created_at.isoformat(),
            }
            for item_request in user.item_requests.order_by("pk")
        ],
        "communities": [
            {
                "community": membership.community.name,
                "role": membership.role,
                "status": membership.status,
                "joined_at": _isoformat(membership.joined_at),
            }
            for membership in user.community_memberships.select_related("community").order_by("pk")
        ],
        "board_posts": [
            {
                "community": post.community.name,
                "text": post.body,
                "created_at": post.created_at.isoformat(),
            }
            for post in BoardPost.objects.filter(author=user)
            .select_related("community")
            .order_by("pk")
        ],
        "messages_sent": [
            {
                "conversation": message.conversation_id,
                "text": message.body,
                "created_at": message.created_at.isoformat(),
            }
            for message in Message.objects.filter(sender=user).order_by("pk")
        ],
    }


def _isoformat(moment) -> str | None:
    return moment.isoformat() if moment else None
