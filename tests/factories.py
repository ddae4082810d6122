import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

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
