"""The rules of a message, through the pages: edit within 15 minutes, delete (shown as
"message deleted"), the rate limit and the length limit keep what was typed, and photos get
the same checks as listing photos (type sniffing, EXIF/GPS stripped)."""

import datetime
import io

import pytest
from django.utils import timezone
from PIL import Image

from messaging import services
from messaging.models import Message
from tests.accounts.markup import field_errors, input_value, parse
from tests.factories import UserFactory
from tests.listings.test_photos import GPS_IFD, jpeg_with_gps, opened, upload
from tests.messaging.test_start_conversation import (
    conversation_about,
    published,
    typed_message,
    url,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def conversation(resident, other_resident):
    return conversation_about(published(owner=other_resident), resident)


@pytest.fixture
def message(resident, conversation):
    return services.send_message(sender=resident, conversation_id=conversation.pk, body="火曜日")


def test_a_message_is_edited_within_15_minutes_and_shows_edited(
    client, resident, conversation, message
):
    client.force_login(resident)

    response = client.post(
        url("edit_message", conversation.pk, message.pk), {"body": "水曜日にしましょう"}
    )

    assert response["Location"] == url("conversation", conversation.pk) + "#message-1"
    message.refresh_from_db()
    assert message.body == "水曜日にしましょう" and message.edited_at is not None
    item = parse(client.get(response["Location"])).select_one("li[data-seq='1']")
    assert "水曜日にしましょう" in item.text and "edited" in item.text


def test_after_15_minutes_the_edit_is_refused_and_the_edit_button_gone(
    client, resident, conversation, message
):
    Message.objects.filter(pk=message.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=16)
    )
    client.force_login(resident)

    response = client.post(url("edit_message", conversation.pk, message.pk), {"body": "late"})

    assert response.status_code == 200
    assert field_errors(response, "body") == [
        "A message can be edited for 15 minutes after it is sent."
    ]
    assert input_value(response, "body") == "late"
    message.refresh_from_db()
    assert message.body == "火曜日"
    page = parse(client.get(url("conversation", conversation.pk)))
    assert page.find("form", action=url("edit_message", conversation.pk, message.pk)) is None
    assert page.find("form", action=url("delete_message", conversation.pk, message.pk))


def test_a_deleted_message_shows_as_message_deleted(client, resident, other_resident, message):
    conversation = message.conversation
    client.force_login(resident)

    response = client.post(url("delete_message", conversation.pk, message.pk))

    assert response.status_code == 302
    client.force_login(other_resident)
    item = parse(client.get(url("conversation", conversation.pk))).select_one("li[data-seq='1']")
    assert "message deleted" in item.text and "火曜日" not in item.text
    assert item.find("form") is None and item.select_one(".message-item__report") is None


def test_others_messages_cannot_be_edited_or_deleted(client, other_resident, message):
    conversation = message.conversation
    client.force_login(other_resident)
    assert client.get(url("edit_message", conversation.pk, message.pk)).status_code == 403
    assert (
        client.post(url("edit_message", conversation.pk, message.pk), {"body": "x"}).status_code
        == 403
    )
    assert client.post(url("delete_message", conversation.pk, message.pk)).status_code == 403
    message.refresh_from_db()
    assert (message.body, message.deleted_at) == ("火曜日", None)


@pytest.mark.parametrize("action", ["edit_message", "delete_message"])
def test_someone_not_in_the_conversation_gets_404(client, message, action):
    client.force_login(UserFactory())
    response = client.post(url(action, message.conversation_id, message.pk), {"body": "x"})
    assert response.status_code == 404
    message.refresh_from_db()
    assert (message.body, message.deleted_at) == ("火曜日", None)


def test_a_message_of_another_conversation_is_not_found_through_this_one(
    client, resident, other_resident, message
):
    elsewhere = conversation_about(published(owner=other_resident), resident)
    client.force_login(resident)
    assert client.post(url("delete_message", elsewhere.pk, message.pk)).status_code == 404


def test_over_the_rate_limit_the_text_is_kept_and_the_reason_shown(client, resident, conversation):
    for number in range(services.MESSAGES_PER_MINUTE):
        services.send_message(sender=resident, conversation_id=conversation.pk, body=f"{number}")
    client.force_login(resident)

    response = client.post(url("conversation", conversation.pk), {"body": "もう一通"})

    assert response.status_code == 200
    assert typed_message(response) == "もう一通"
    [error] = field_errors(response, "body")
    assert "Please wait a minute" in error
    assert Message.objects.count() == services.MESSAGES_PER_MINUTE


def test_a_photo_is_sent_without_its_gps_position_and_shown_as_a_thumbnail(
    client, resident, conversation
):
    client.force_login(resident)
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)

    response = client.post(
        url("conversation", conversation.pk), {"body": "", "photo": upload(original)}
    )

    assert response.status_code == 302
    message = Message.objects.get()
    for field in (message.photo, message.thumbnail):
        image = opened(field)
        assert image.format == "JPEG"
        assert image.getexif().get_ifd(GPS_IFD) == {}
        assert not image.getexif()
    item = parse(client.get(url("conversation", conversation.pk))).select_one("li[data-seq='1']")
    assert item.find("img")["src"] == message.thumbnail.url
    assert item.find("img")["alt"]


def test_a_file_that_is_not_a_photo_is_refused_next_to_the_photo_field(
    client, resident, conversation
):
    client.force_login(resident)
    fake = upload(b"<?php echo 1; ?>", name="photo.jpg")

    response = client.post(url("conversation", conversation.pk), {"body": "見て", "photo": fake})

    assert response.status_code == 200
    [error] = field_errors(response, "photo")
    assert "is not a JPEG, PNG or WebP photo" in error
    assert typed_message(response) == "見て"
    assert not Message.objects.exists()
