"""Fixtures for the communities tests: communities made through the services."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from communities.models import CommunityKind, JoinPolicy
from communities.services import create_community, join_community
from listings.models import Category
from tests.factories import UserFactory


@pytest.fixture
def make_community(db):
    """``make_community(by=user, **fields)``: a community ``by`` organises."""

    def make(*, by, **fields):
        values = {
            "name": "城東子育てサークル",
            "description": "毎週水曜日の午前に公民館で集まっています。",
            "kind": CommunityKind.CIRCLE,
            "category": Category.objects.get(slug="childcare"),
            "area": "城東",
            "languages": ["ja"],
            "join_policy": JoinPolicy.OPEN,
            "photo_alt_text": "",
        }
        values.update(fields)
        return create_community(by=by, **values)

    return make


@pytest.fixture
def organiser(db):
    return UserFactory(profile__display_name="さくら")


@pytest.fixture
def open_community(make_community, organiser):
    return make_community(by=organiser)


@pytest.fixture
def closed_community(make_community, organiser):
    return make_community(
        by=organiser, name="ベトナム人コミュニティ", join_policy=JoinPolicy.APPROVAL
    )


@pytest.fixture
def member_of():
    """``member_of(community)``: a new resident who is an active member of it."""

    def make(community, **profile):
        user = UserFactory(**{f"profile__{k}": v for k, v in profile.items()})
        membership = join_community(user=user, community=community)
        if not membership.is_active:
            from accounts.models import User
            from communities.services import approve_request, organiser_ids

            organiser = User.objects.get(pk=organiser_ids(community)[0])
            approve_request(by=organiser, community=community, member_id=membership.pk)
        return user

    return make


def photo_upload(name="photo.jpg", *, size=(64, 48), exif_gps=False) -> SimpleUploadedFile:
    image = Image.new("RGB", size, (200, 100, 50))
    buffer = io.BytesIO()
    kwargs = {}
    if exif_gps:
        exif = Image.Exif()
        exif[0x8825] = {2: (35.0, 22.0, 0.0)}  # GPSInfo: latitude
        kwargs["exif"] = exif
    image.save(buffer, "JPEG", **kwargs)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")
