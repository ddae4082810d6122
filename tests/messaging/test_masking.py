"""Contact details in messages are masked on the page until both people press "Share my
contact details"; then they are shown, with each other's e-mail address. The stored text is
never changed."""

import pytest

from messaging import services
from messaging.models import Message
from tests.accounts.markup import parse
from tests.factories import UserFactory
from tests.messaging.test_start_conversation import conversation_about, published, url

pytestmark = pytest.mark.django_db

SECRET = "電話は090-1234-5678、メールはminh.nguyen@example.com、LINE ID: minh_2024"


@pytest.fixture
def conversation(resident, other_resident):
    conversation = conversation_about(published(owner=other_resident), resident)
    services.send_message(sender=other_resident, conversation_id=conversation.pk, body=SECRET)
    return conversation


def page_of(client, user, conversation):
    client.force_login(user)
    return parse(client.get(url("conversation", conversation.pk)))


def test_details_are_masked_with_a_note_and_a_share_button(client, resident, conversation):
    page = page_of(client, resident, conversation)

    body = page.select_one("li[data-seq='1'] .message-item__body").text
    assert "090-****-**78" in body
    for secret in ["1234", "minh.nguyen", "example.com", "minh_2024"]:
        assert secret not in page.select_one("main").text
    assert "Phone numbers, e-mail addresses and LINE IDs are hidden until you both choose" in (
        page.select_one("[data-masking-note]").text
    )
    button = page.select_one("form[action$='/share-contact/'] button[data-share-contact]")
    assert button.text.strip() == "Share my contact details"
    assert Message.objects.get().body == SECRET  # a display rule: the stored text is intact


def test_one_side_agreeing_is_not_enough(client, resident, other_resident, conversation):
    client.force_login(resident)
    response = client.post(url("share_contact", conversation.pk))
    assert response.status_code == 302

    mine = page_of(client, resident, conversation)
    assert mine.select_one("[data-contact-waiting]")
    assert mine.select_one("[data-share-contact]") is None
    assert "1234" not in mine.select_one("main").text
    assert other_resident.email not in mine.text

    theirs = page_of(client, other_resident, conversation)
    assert "はなこ has agreed to share contact details" in theirs.text
    assert theirs.select_one("[data-share-contact]")
    assert resident.email not in theirs.text


def test_once_both_agree_details_and_each_others_address_are_shown(
    client, resident, other_resident, conversation
):
    client.force_login(resident)
    client.post(url("share_contact", conversation.pk))
    client.force_login(other_resident)
    response = client.post(url("share_contact", conversation.pk), follow=True)
    assert "You have both agreed" in response.content.decode()

    mine = page_of(client, resident, conversation)
    body = mine.select_one("li[data-seq='1'] .message-item__body").text
    assert "090-1234-5678" in body and "minh.nguyen@example.com" in body
    assert "minh_2024" in body
    assert mine.select_one("[data-masking-note]") is None
    assert mine.select_one("[data-other-email]").text == other_resident.email
    theirs = page_of(client, other_resident, conversation)
    assert theirs.select_one("[data-other-email]").text == resident.email


def test_the_inbox_preview_follows_the_same_rule(client, resident, other_resident, conversation):
    client.force_login(resident)
    preview = parse(client.get(url("inbox"))).select_one("[data-last-message]").text
    assert "090-****-**78" in preview
    services.share_contact_details(user=resident, conversation_id=conversation.pk)
    services.share_contact_details(user=other_resident, conversation_id=conversation.pk)
    preview = parse(client.get(url("inbox"))).select_one("[data-last-message]").text
    assert "090-1234-5678" in preview


def test_groups_always_mask_and_offer_no_sharing(client, coordinator, resident):
    group = services.create_group(by=coordinator, title="Circle", members=[resident])
    services.send_message(sender=coordinator, conversation_id=group.pk, body=SECRET)

    page = page_of(client, resident, group)

    assert "090-****-**78" in page.select_one("li[data-seq='1']").text
    assert page.select_one("[data-share-contact]") is None
    assert page.select_one("[data-masking-note]")
    response = client.post(url("share_contact", group.pk), follow=True)
    assert "two-person conversations" in response.content.decode()


def test_someone_not_in_the_conversation_cannot_share_in_it(client, conversation):
    client.force_login(UserFactory())
    assert client.post(url("share_contact", conversation.pk)).status_code == 404
    assert not conversation.memberships.exclude(contact_shared_at=None).exists()
