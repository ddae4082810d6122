"""Demo accounts for local use (`make run`). The password is printed in the README."""

import datetime

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from listings.models import Category

from .models import COORDINATORS_GROUP, Profile, User

DEMO_PASSWORD = "yui-demo-2026"  # noqa: S105 - local demo data only

DEMO_USERS = [
    {
        "email": "coordinator@yui.example",
        "coordinator": True,
        "profile": {
            "display_name": "協働プラザ 佐藤",
            "area": "本町",
            "spoken_languages": ["ja", "en"],
            "bio": "市民協働プラザのコーディネーターです。お困りごとはお気軽にご相談ください。",
            "language": "ja",
        },
        "interests": ["volunteering", "newcomers"],
    },
    {
        "email": "hanako@yui.example",
        "coordinator": False,
        "profile": {
            "display_name": "はなこ",
            "area": "城東",
            "spoken_languages": ["ja"],
            "bio": "城東に住んで40年。畑仕事と料理が得意です。スマホの使い方を教えてほしいです。",
            "language": "ja",
            "large_text": True,
        },
        "interests": ["food", "nature-farming", "digital"],
    },
    {
        "email": "minh@yui.example",
        "coordinator": False,
        "profile": {
            "display_name": "Minh",
            "area": "駅前",
            "spoken_languages": ["vi", "en", "ja"],
            "bio": "I moved here from Hanoi last spring. I can teach Vietnamese cooking.",
            "language": "en",
            "moved_in": datetime.date(2026, 4, 1),
        },
        "interests": ["languages", "newcomers", "food"],
    },
    {
        "email": "yumi@yui.example",
        "coordinator": False,
        "profile": {
            "display_name": "ゆみ",
            "area": "駅前",
            "spoken_languages": ["ja", "en"],
            "bio": "2歳の娘の母です。駅前の子育てサークルをやっています。",
            "language": "ja",
        },
        "interests": ["childcare", "goods-children"],
    },
    {
        "email": "ana@yui.example",
        "coordinator": False,
        "profile": {
            "display_name": "Ana",
            "area": "駅前",
            "spoken_languages": ["pt", "ja", "es"],
            "bio": "Sou de São Paulo e moro aqui há 10 anos. ブラジル出身です。",
            "language": "en",
        },
        "interests": ["newcomers", "languages", "food"],
    },
    {
        "email": "sakura@yui.example",
        "coordinator": False,
        "profile": {
            "display_name": "さくら",
            "area": "城東",
            "spoken_languages": ["ja"],
            "bio": "週末に地域の活動に参加しています。",
            "language": "ja",
        },
        "interests": ["disaster-safety", "volunteering"],
    },
    {
        "email": "kenji@yui.example",
        "coordinator": False,
        "profile": {
            "display_name": "けんじ",
            "area": "本町",
            "spoken_languages": ["ja"],
            "bio": "定年後、畑と子ども会の手伝いをしています。",
            "language": "ja",
        },
        "interests": ["nature-farming", "childcare"],
    },
    {
        "email": "li@yui.example",
        "coordinator": False,
        "profile": {
            "display_name": "小李",
            "area": "駅前",
            "spoken_languages": ["zh", "ja"],
            "bio": "我来自大连，在这里工作两年了。",
            "language": "ja",
            "moved_in": datetime.date(2024, 10, 1),
        },
        "interests": ["languages", "newcomers"],
    },
]


def create_demo_users() -> list[User]:
    """Create or refresh the demo accounts; running it again changes nothing else."""
    coordinators = Group.objects.get(name=COORDINATORS_GROUP)
    users = []
    for spec in DEMO_USERS:
        user, created = User.objects.get_or_create(email=spec["email"])
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        if spec["coordinator"]:
            user.groups.add(coordinators)
        Profile.objects.filter(user=user).update(**spec["profile"])
        user.profile.refresh_from_db()
        user.profile.interests.set(Category.objects.filter(slug__in=spec["interests"]))
        users.append(user)
    return users
