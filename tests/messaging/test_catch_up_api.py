"""GET /messaging/api/conversations/<id>/messages/?after=<seq>: what a page missed, for members
only, at most 200 a call, in a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from listings.models import Status
from messaging import services
from messaging.api import CATCH_UP_LIMIT
from messaging.models import Message
from tests.factories import ListingFactory, UserFactory


@pytest.fixture
def conversation(resident, other_resident):
    listing = ListingFactory(owner=resident, status=Status.PUBLISHED)
    return services.start_conversation(listing=listing, by=other_resident)


def url(conversation_id, after=None):
    address = f"/messaging/api/conversations/{conversation_id}/messages/"
    assert address == reverse("messaging_api:conversation_messages", args=[conversation_id])
    return address if after is None else f"{address}?after={after}"


def send(conversation, sender, count, start=1):
    for number in range(start, start + count):
        services.send_message(sender=sender, conversation_id=conversation.pk, body=f"第{number}通")


def test_member_gets_the_messages_after_a_seq_in_order(
    client, conversation, resident, other_resident
):
    send(conversation, other_resident, 2)
    send(conversation, resident, 2, start=3)
    services.mark_read(user=other_resident, conversation_id=conversation.pk, seq=4)
    client.force_login(resident)

    response = client.get(url(conversation.pk, after=1))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    data = response.json()
    assert [m["seq"] for m in data["results"]] == [2, 3, 4]
    assert "第2通" in data["results"][0]["body_html"]
    assert data["results"][1]["sender"] == resident.pk
    assert data["last_seq"] == 4
    assert data["has_more"] is False
    assert data["read_seq_others"] == 4
    assert client.get(url(conversation.pk)).json()["results"][0]["seq"] == 1


def test_contact_details_are_masked_until_both_agree(client, conversation, resident):
    services.send_message(sender=resident, conversation_id=conversation.pk, body="090-1234-5678")
    client.force_login(resident)
    assert "5678" not in client.get(url(conversation.pk)).json()["results"][0]["body_html"]
    assert Message.objects.get(conversation=conversation).body == "090-1234-5678"


def test_at_most_200_a_call_then_the_rest(client, conversation, resident, other_resident):
    total = CATCH_UP_LIMIT + 5
    Message.objects.bulk_create(
        Message(conversation=conversation, seq=seq, sender=other_resident, body=f"{seq}")
        for seq in range(1, total + 1)
    )
    type(conversation).objects.filter(pk=conversation.pk).update(last_seq=total)
    client.force_login(resident)

    first = client.get(url(conversation.pk, after=0)).json()
    assert len(first["results"]) == CATCH_UP_LIMIT == 200
    assert first["has_more"] is True
    rest = client.get(url(conversation.pk, after=first["results"][-1]["seq"])).json()
    assert [m["seq"] for m in rest["results"]] == list(range(201, total + 1))
    assert rest["has_more"] is False


def test_query_count_does_not_grow_with_the_number_of_messages(
    client, conversation, resident, other_resident
):
    client.force_login(resident)
    send(conversation, other_resident, 2)
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(url(conversation.pk)).json()["results"]) == 2
    send(conversation, resident, 8, start=3)
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(url(conversation.pk)).json()["results"]) == 10
    assert len(many) == len(few)
    assert len(many) <= 10


@pytest.mark.parametrize("who", ["anonymous", "outsider", "left"])
def test_anyone_but_an_active_member_gets_404(client, coordinator, resident, other_resident, who):
    group = services.create_group(by=coordinator, title="防災の会", members=[resident])
    services.send_message(sender=coordinator, conversation_id=group.pk, body="集合は9時")
    if who == "outsider":
        client.force_login(other_resident)
    elif who == "left":
        services.leave_conversation(user=resident, conversation_id=group.pk)
        client.force_login(resident)

    response = client.get(url(group.pk))

    assert response.status_code == 404
    assert "集合" not in response.content.decode()
    assert response.json()["detail"]


def test_missing_conversation_is_404(client, resident):
    client.force_login(resident)
    assert client.get(url(999_999)).status_code == 404


@pytest.mark.parametrize("after", ["abc", "-1", "1.5"])
def test_bad_after_is_400(client, conversation, resident, after):
    client.force_login(resident)
    response = client.get(url(conversation.pk, after=after))
    assert response.status_code == 400
    assert response.json()["detail"]


def test_only_get_is_allowed(client, conversation, resident):
    client.force_login(UserFactory())
    assert client.post(url(conversation.pk)).status_code == 405


def test_edits_and_deletions_made_while_away_come_back_with_changed_since(
    client, conversation, resident, other_resident
):
    send(conversation, other_resident, 3)
    client.force_login(resident)
    first = client.get(url(conversation.pk, after=0)).json()
    assert first["changed"] == []
    since = first["server_time"]

    edited, deleted, _kept = Message.objects.filter(conversation=conversation).order_by("seq")
    services.edit_message(user=other_resident, message_id=edited.pk, body="第1通（訂正）")
    services.delete_message(user=other_resident, message_id=deleted.pk)

    data = client.get(url(conversation.pk), {"after": 3, "changed_since": since}).json()
    assert data["results"] == []
    assert [(m["seq"], m["edited"], m["deleted"]) for m in data["changed"]] == [
        (1, True, False),
        (2, False, True),
    ]
    assert "訂正" in data["changed"][0]["body_html"]
    later = client.get(url(conversation.pk), {"after": 3, "changed_since": data["server_time"]})
    assert later.json()["changed"] == []
    refused = client.get(url(conversation.pk), {"after": 3, "changed_since": "yesterday"})
    assert refused.status_code == 400 and "changed_since" in refused.json()["detail"]
