"""Everything Yui keeps about a person, as JSON they can download."""

from django.utils import timezone


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
    }
