"""The e-mail about messages unread for 10 minutes: once, only to members not connected, at
most once an hour per conversation, never the body of a group message, with an unsubscribe
link that works."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from accounts.models import EmailFrequency
from listings.services import submit_listing
from messaging import presence, services
from messaging.models import Membership, Message
from tests.factories import ListingFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def conversation(resident, other_resident):
    listing = ListingFactory(owner=other_resident, title="子ども用自転車をゆずります")
    submit_listing(listing=listing, by=other_resident)
    return services.start_conversation(listing=listing, by=resident)


def send(sender, conversation, body, *, minutes_ago=11):
    message = services.send_message(sender=sender, conversation_id=conversation.pk, body=body)
    Message.objects.filter(pk=message.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=minutes_ago)
    )
    return message


def run():
    mail.outbox.clear()
    call_command("send_message_notifications", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return list(mail.outbox)


def test_one_e_mail_for_a_message_unread_for_ten_minutes(conversation, resident, other_resident):
    send(other_resident, conversation, "明日の午後はいかがですか")

    (email,) = run()

    assert email.to == [resident.email]
    assert "Minh" in email.subject
    assert "子ども用自転車をゆずります" in email.subject
    assert "明日の午後はいかがですか" in email.body
    assert f"/messages/{conversation.pk}/" in email.body
    assert "/matching/unsubscribe/" in email.body or "/unsubscribe/" in email.body
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert email.extra_headers["List-Unsubscribe"].startswith("<http")
    assert run() == []  # sent once


def test_nothing_before_ten_minutes(conversation, other_resident):
    send(other_resident, conversation, "こんにちは", minutes_ago=5)
    assert run() == []


def test_nothing_for_read_messages(conversation, resident, other_resident):
    message = send(other_resident, conversation, "こんにちは")
    services.mark_read(user=resident, conversation_id=conversation.pk, seq=message.seq)
    assert run() == []


def test_nothing_about_ones_own_messages(conversation, resident, other_resident):
    send(resident, conversation, "よろしくお願いします")
    Membership.objects.filter(conversation=conversation).update(last_read_seq=0)
    emails = run()
    assert [email.to for email in emails] == [[other_resident.email]]


def test_nothing_while_connected(conversation, resident, other_resident):
    send(other_resident, conversation, "こんにちは")
    presence.connected(resident.pk)

    assert run() == []

    presence.disconnected(resident.pk)
    assert len(run()) == 1


def test_the_body_is_masked_until_both_share_contact_details(
    conversation, resident, other_resident
):
    send(other_resident, conversation, "電話は090-1234-5678です")

    (email,) = run()

    assert "090-1234-5678" not in email.body
    assert "090-****-**78" in email.body


def test_never_the_body_of_a_group_message(coordinator, resident, other_resident):
    group = services.create_group(
        by=coordinator, title="日本語クラス", members=[resident, other_resident]
    )
    send(other_resident, group, "秘密の話です")

    emails = run()

    assert sorted(e.to[0] for e in emails) == sorted([resident.email, coordinator.email])
    for email in emails:
        assert "秘密の話です" not in email.body
        assert "秘密の話です" not in email.subject
        assert "日本語クラス" in email.subject


def test_at_most_one_e_mail_per_conversation_an_hour(conversation, resident, other_resident):
    send(other_resident, conversation, "一通目")
    assert len(run()) == 1

    send(other_resident, conversation, "二通目")
    assert run() == []

    Membership.objects.filter(user=resident).update(
        emailed_at=timezone.now() - datetime.timedelta(minutes=61)
    )
    (email,) = run()
    assert "二通目" in email.body


def test_the_same_unread_messages_are_not_e_mailed_again(conversation, resident, other_resident):
    message = send(other_resident, conversation, "一通目")
    assert len(run()) == 1
    # Two hours later, still unread:
    Message.objects.filter(pk=message.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=2, minutes=11)
    )
    Membership.objects.filter(user=resident).update(
        emailed_at=timezone.now() - datetime.timedelta(hours=2)
    )
    assert run() == []


def test_residents_who_chose_daily_get_at_most_one_a_day_and_never_none(
    conversation, resident, other_resident
):
    resident.profile.email_on_message = EmailFrequency.DAILY
    resident.profile.save()
    send(other_resident, conversation, "一通目")
    assert len(run()) == 1

    send(other_resident, conversation, "二通目")
    Membership.objects.filter(user=resident).update(
        emailed_at=timezone.now() - datetime.timedelta(hours=23)
    )
    assert run() == []  # an hour is enough for "straight away", not for "once a day"
    Membership.objects.filter(user=resident).update(
        emailed_at=timezone.now() - datetime.timedelta(hours=25)
    )
    (email,) = run()
    assert "二通目" in email.body

    resident.profile.email_on_message = EmailFrequency.NEVER
    resident.profile.save()
    send(other_resident, conversation, "三通目")
    Membership.objects.filter(user=resident).update(emailed_at=None)
    assert run() == []


def test_unsubscribe_link_turns_message_e_mails_off(client, conversation, resident, other_resident):
    resident.profile.email_on_match = EmailFrequency.IMMEDIATELY
    resident.profile.save()
    send(other_resident, conversation, "こんにちは")
    (email,) = run()
    url = email.extra_headers["List-Unsubscribe"].strip("<>")
    path = url.split("://", 1)[1].split("/", 1)[1]

    confirm = client.get("/" + path)  # in the resident's language, Japanese
    assert confirm.status_code == 200
    assert "未読メッセージのお知らせメールを止める" in confirm.content.decode()
    done = client.post("/" + path)
    assert "未読メッセージのお知らせメールは届かなくなります" in done.content.decode()

    resident.profile.refresh_from_db()
    assert resident.profile.email_on_message == EmailFrequency.NEVER
    assert resident.profile.email_on_match == EmailFrequency.IMMEDIATELY  # only this topic
    Membership.objects.filter(user=resident).update(emailed_at=None, last_read_seq=0)
    send(other_resident, conversation, "もう一通")
    assert run() == []


def test_a_member_who_left_gets_nothing(coordinator, resident, other_resident):
    group = services.create_group(by=coordinator, title="子育てサークル", members=[resident])
    send(coordinator, group, "こんにちは")
    services.leave_conversation(user=resident, conversation_id=group.pk)
    assert run() == []


def test_many_due_members_are_each_e_mailed(coordinator):
    members = UserFactory.create_batch(5)
    group = services.create_group(by=coordinator, title="防災の会", members=members)
    send(coordinator, group, "集合は9時です")
    assert sorted(e.to[0] for e in run()) == sorted(m.email for m in members)
