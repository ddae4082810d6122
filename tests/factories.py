import datetime

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import COORDINATORS_GROUP, User
from listings.models import Category

PASSWORD = "correct horse battery staple"  # noqa: S105


class UserFactory(factory.django.DjangoModelFactory):
    """A resident with a verified e-mail address and the password PASSWORD."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"resident{n}@example.jp")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)
            self.save()

    @factory.post_generation
    def profile(self, create, extracted, **kwargs):
        if create and kwargs:
            for name, value in kwargs.items():
                setattr(self.profile, name, value)
            self.profile.save()


class CoordinatorFactory(UserFactory):
    email = factory.Sequence(lambda n: f"coordinator{n}@example.jp")

    @factory.post_generation
    def coordinator_group(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get(name=COORDINATORS_GROUP))


class ListingFactory(factory.django.DjangoModelFactory):
    """A draft skill offer in the Digital help category, owned by a new resident."""

    class Meta:
        model = "listings.Listing"

    kind = "skill"
    direction = "offer"
    title = factory.Sequence(lambda n: f"スマホの使い方を教えます {n}")
    description = "LINEの登録や写真の送り方など、ゆっくりお教えします。"
    category = factory.LazyFunction(lambda: Category.objects.get(slug="digital"))
    owner = factory.SubFactory(UserFactory)


class ProxyResidentFactory(factory.django.DjangoModelFactory):
    """A resident without e-mail or smartphone, who consented a month ago; their contact
    coordinator also recorded the consent."""

    class Meta:
        model = "accounts.ProxyResident"

    name = factory.Sequence(lambda n: f"山田 花子{n}")
    name_reading = "やまだ はなこ"
    phone = factory.Sequence(lambda n: f"0568-61-{n:04d}")
    how_to_reach = "火曜日の午前に公民館で会えます。"
    area = "城東"
    spoken_languages = factory.LazyFunction(lambda: ["ja"])
    coordinator = factory.SubFactory(CoordinatorFactory)
    consent_recorded_by = factory.SelfAttribute("coordinator")
    consent_given_on = factory.LazyFunction(
        lambda: timezone.localdate() - datetime.timedelta(days=30)
    )
    consent_scope = "野菜をあげる掲載をすること。名前は出さないこと。"


def make_bookable_space(
    *,
    owner=None,
    rooms=(("和室", 20), ("調理室", 12)),
    hours=((0, 1, 2, 3, 4, 5, 6), "09:00", "21:00"),
    **rules,
):
    """A published space listing that takes bookings: ``rooms`` as (name, capacity), open
    ``hours`` = (weekdays, opens, closes) every week, booking rules from ``rules``."""
    from listings.models import BookableSpace, OpeningHours, Room

    listing = ListingFactory(
        kind="space",
        title="ふれあいセンター",
        category=Category.objects.get(slug="hobbies"),
        status="published",
        published_at=timezone.now(),
        **({"owner": owner} if owner is not None else {}),
    )
    space = BookableSpace.objects.create(listing=listing, **rules)
    for position, (name, capacity) in enumerate(rooms):
        Room.objects.create(space=space, name=name, capacity=capacity, position=position)
    weekdays, opens, closes = hours
    OpeningHours.objects.bulk_create(
        [OpeningHours(space=space, weekday=d, opens_at=opens, closes_at=closes) for d in weekdays]
    )
    return space
