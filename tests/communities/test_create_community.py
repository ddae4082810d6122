"""Creating and editing a community: a resident or a coordinator, errors keep the input."""

import pytest
from django.urls import reverse
from PIL import Image

from communities.models import Community, CommunityMember, MemberRole, MemberStatus
from listings.models import Category
from messaging.models import ConversationKind, Membership
from tests.communities.conftest import photo_upload

pytestmark = pytest.mark.django_db


def _form_data(**overrides):
    data = {
        "name": "ベトナム人コミュニティ",
        "kind": "newcomer",
        "description": "ベトナムから来た人たちの集まりです。Cộng đồng người Việt.",
        "category": Category.objects.get(slug="newcomers").pk,
        "area": "駅前",
        "languages": ["vi", "ja"],
        "join_policy": "approval",
        "photo_alt_text": "",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("who", ["resident", "coordinator"])
def test_a_resident_or_coordinator_creates_a_community_and_organises_it(client, request, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    response = client.post(reverse("communities:create"), _form_data())
    community = Community.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("communities:detail", args=[community.pk])
    assert community.kind == "newcomer" and community.languages == ["vi", "ja"]
    assert not community.is_open
    member = CommunityMember.objects.get(community=community)
    assert (member.user, member.role, member.status) == (
        user,
        MemberRole.ORGANISER,
        MemberStatus.ACTIVE,
    )
    chat = community.conversation
    assert chat.kind == ConversationKind.GROUP and chat.title == community.name
    assert list(Membership.objects.filter(conversation=chat).values_list("user", flat=True)) == [
        user.pk
    ]


def test_the_create_form_needs_a_login(client):
    response = client.get(reverse("communities:create"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_errors_are_shown_next_to_the_field_and_keep_the_input(client, resident):
    client.force_login(resident)
    response = client.post(
        reverse("communities:create"), _form_data(name="", languages=["xx"], description="説明文")
    )
    assert response.status_code == 200
    assert not Community.objects.exists()
    form = response.context["form"]
    assert set(form.errors) == {"name", "languages"}
    html = response.content.decode()
    assert "説明文" in html
    assert 'aria-invalid="true"' in html


def test_a_photo_is_checked_and_stored_without_exif(client, resident):
    client.force_login(resident)
    client.post(
        reverse("communities:create"), {**_form_data(), "photo": photo_upload(exif_gps=True)}
    )
    community = Community.objects.get()
    with Image.open(community.photo.path) as image:
        assert image.format == "JPEG" and not image.getexif()
    assert community.thumbnail


def test_a_file_that_is_not_a_photo_is_refused(client, resident):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(resident)
    fake = SimpleUploadedFile("photo.jpg", b"not an image", content_type="image/jpeg")
    response = client.post(reverse("communities:create"), {**_form_data(), "photo": fake})
    assert response.status_code == 200
    assert "photo" in response.context["form"].errors
    assert not Community.objects.exists()


def test_organisers_edit_and_the_chat_follows_the_name(client, open_community, organiser):
    client.force_login(organiser)
    data = _form_data(name="城東ママの会", join_policy="open")
    response = client.post(reverse("communities:edit", args=[open_community.pk]), data)
    assert response.status_code == 302
    open_community.refresh_from_db()
    assert open_community.name == "城東ママの会"
    assert open_community.conversation.title == "城東ママの会"


def test_a_member_who_is_not_an_organiser_cannot_edit(client, open_community, member_of):
    member = member_of(open_community)
    client.force_login(member)
    url = reverse("communities:edit", args=[open_community.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, _form_data(name="乗っ取り")).status_code == 403
    open_community.refresh_from_db()
    assert open_community.name != "乗っ取り"


def test_a_coordinator_can_edit_any_community(client, open_community, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("communities:edit", args=[open_community.pk]), _form_data(name="新しい名前")
    )
    assert response.status_code == 302
    open_community.refresh_from_db()
    assert open_community.name == "新しい名前"
