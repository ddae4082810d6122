""" "My account" lists the communities a resident takes part in, and links to their
applications, bookings and requests."""

import pytest
from django.urls import reverse

from communities.services import join_community
from tests.accounts.markup import parse
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_my_account_lists_only_my_active_communities(
    client, make_community, open_community, closed_community
):
    resident = UserFactory()
    join_community(user=resident, community=open_community)
    join_community(user=resident, community=closed_community)  # a request, not yet a member
    make_community(by=UserFactory(), name="ほかのサークル")
    client.force_login(resident)

    page = parse(client.get(reverse("accounts:overview")))

    section = page.select_one('[aria-labelledby="communities-heading"]')
    names = [link.text for link in section.select("li a")]
    assert names == [open_community.name]
    links = {link["href"] for link in page.select('[aria-labelledby="taking-part-heading"] a')}
    assert links == {
        reverse("listings:my_applications"),
        reverse("listings:my_bookings"),
        reverse("listings:my_item_requests"),
    }


def test_someone_in_no_community_is_shown_where_to_find_one(client):
    client.force_login(UserFactory())

    page = parse(client.get(reverse("accounts:overview")))

    section = page.select_one('[aria-labelledby="communities-heading"]')
    assert not section.select("li")
    assert section.select_one(f'a[href="{reverse("communities:index")}"]')
