"""The in-app side of the expiry reminder: the home page tells a resident which of their
listings end soon, with a one-click renewal."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from listings.models import Listing
from listings.services import submit_listing
from tests.factories import ListingFactory

pytestmark = pytest.mark.django_db

HOME = "/ja/"


def published(owner=None, *, ends_in_days: float, title: str) -> Listing:
    listing = ListingFactory(title=title, **({"owner": owner} if owner else {}))
    submit_listing(listing=listing, by=listing.owner)
    Listing.objects.filter(pk=listing.pk).update(
        expires_at=timezone.now() + datetime.timedelta(days=ends_in_days)
    )
    return listing


def notice(response):
    return BeautifulSoup(response.content, "html.parser").find(
        "section", attrs={"aria-labelledby": "ending-soon-heading"}
    )


def test_the_owner_sees_their_listings_that_end_within_the_reminder_period(
    client, demo_site, resident
):
    soon = published(resident, ends_in_days=3, title="子ども服をゆずります")
    published(resident, ends_in_days=30, title="まだ先の掲載")
    client.force_login(resident)

    section = notice(client.get(HOME))

    assert section is not None
    assert [a.get_text() for a in section.select("li > a")] == ["子ども服をゆずります"]
    form = section.find("form")
    assert form["action"] == f"/ja/listings/{soon.pk}/renew/"
    assert form.find("input", attrs={"name": "csrfmiddlewaretoken"}) is not None


def test_renewing_from_the_notice_removes_it(client, demo_site, resident):
    soon = published(resident, ends_in_days=3, title="子ども服をゆずります")
    client.force_login(resident)

    client.post(f"/ja/listings/{soon.pk}/renew/")

    soon.refresh_from_db()
    assert soon.expires_at > timezone.now() + datetime.timedelta(days=30)
    assert notice(client.get(HOME)) is None


def test_nobody_else_sees_them(client, demo_site, resident, other_resident):
    published(resident, ends_in_days=3, title="子ども服をゆずります")

    assert notice(client.get(HOME)) is None
    client.force_login(other_resident)
    assert notice(client.get(HOME)) is None
