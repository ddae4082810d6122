"""Groups: a coordinator creates one with members and adds more; members can leave."""

import pytest

from messaging import services
from messaging.models import Conversation, ConversationKind, Membership
from tests.accounts.markup import field_errors, parse
from tests.factories import CoordinatorFactory, UserFactory
from tests.messaging.test_start_conversation import conversation_about, published, url

pytestmark = pytest.mark.django_db


def test_a_coordinator_creates_a_group_from_addresses(
    client, coordinator, resident, other_resident
):
    client.force_login(coordinator)
    page = parse(client.get(url("new_group")))
    for control in page.select("main form input:not([type=hidden]), main form textarea"):
        assert page.find("label", attrs={"for": control["id"]})

    response = client.post(
        url("new_group"),
        {"title": "日本語教室", "members": f"{resident.email}\n{other_resident.email.upper()}"},
    )

    group = Conversation.objects.get()
    assert response["Location"] == url("conversation", group.pk)
    assert (group.kind, group.title) == (ConversationKind.GROUP, "日本語教室")
    assert set(group.memberships.values_list("user_id", flat=True)) == {
        coordinator.pk,
        resident.pk,
        other_resident.pk,
    }
    page = parse(client.get(response["Location"]))
    assert page.h1.text.strip() == "日本語教室"
    assert "3 members" in page.select_one(".conversation__members summary").text


def test_unknown_addresses_are_named_and_nothing_is_created(client, coordinator, resident):
    client.force_login(coordinator)
    response = client.post(
        url("new_group"), {"title": "Circle", "members": f"{resident.email}, nobody@example.jp"}
    )
    assert response.status_code == 200
    assert field_errors(response, "members") == [
        "Nobody has an account with these addresses: nobody@example.jp"
    ]
    assert not Conversation.objects.exists()


def test_residents_are_refused_and_visitors_sent_to_log_in(client, resident, other_resident):
    assert "/accounts/login/" in client.get(url("new_group"))["Location"]
    client.force_login(resident)
    assert client.get(url("new_group")).status_code == 403
    response = client.post(url("new_group"), {"title": "x", "members": other_resident.email})
    assert response.status_code == 403
    assert not Conversation.objects.exists()
    assert parse(client.get(url("inbox"))).find("a", href=url("new_group")) is None


def test_a_coordinator_member_adds_people(client, coordinator, resident, other_resident):
    group = services.create_group(by=coordinator, title="Circle", members=[resident])
    client.force_login(coordinator)
    assert parse(client.get(url("conversation", group.pk))).find(
        "a", href=url("add_members", group.pk)
    )

    response = client.post(url("add_members", group.pk), {"members": other_resident.email})

    assert response["Location"] == url("conversation", group.pk)
    assert Membership.objects.filter(conversation=group, user=other_resident).exists()


def test_adding_members_is_refused_to_residents_and_outsiders(
    client, coordinator, resident, other_resident
):
    group = services.create_group(by=coordinator, title="Circle", members=[resident])
    client.force_login(resident)
    assert (
        client.post(url("add_members", group.pk), {"members": other_resident.email}).status_code
        == 403
    )
    client.force_login(UserFactory())
    assert client.get(url("add_members", group.pk)).status_code == 404
    outsider = CoordinatorFactory()
    client.force_login(outsider)
    assert client.get(url("add_members", group.pk)).status_code == 404
    assert not Membership.objects.filter(user__in=[other_resident, outsider]).exists()


def test_a_member_leaves_and_no_longer_sees_it(client, coordinator, resident):
    group = services.create_group(by=coordinator, title="Circle", members=[resident])
    client.force_login(resident)
    page = parse(client.get(url("conversation", group.pk)))
    assert page.find("form", action=url("leave", group.pk))

    response = client.post(url("leave", group.pk))

    assert response["Location"] == url("inbox")
    assert Membership.objects.get(conversation=group, user=resident).left_at is not None
    assert client.get(url("conversation", group.pk)).status_code == 404


def test_leaving_is_for_groups_and_members_only(client, resident, other_resident, coordinator):
    direct = conversation_about(published(owner=other_resident), resident)
    client.force_login(resident)
    response = client.post(url("leave", direct.pk), follow=True)
    assert "You can leave group conversations only." in response.content.decode()
    assert Membership.objects.filter(conversation=direct, left_at=None).count() == 2

    group = services.create_group(by=coordinator, title="Circle", members=[other_resident])
    assert client.post(url("leave", group.pk)).status_code == 404
    assert client.get(url("leave", group.pk)).status_code == 405
