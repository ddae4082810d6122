"""Demo communities for `make run`: a parenting, a hobby and a welfare circle, and the
Vietnamese and Brazilian residents' communities, with members, board posts and some of the
demo listings linked to them. Needs the demo users and listings (accounts/demo.py,
listings/demo.py); adds two demo residents of its own (same password)."""

from accounts.models import User
from listings.models import Category, Listing

from .models import Community, CommunityKind, JoinPolicy
from .services import (
    approve_request,
    create_community,
    join_community,
    membership_of,
    post_to_board,
    reply_to_post,
)

# organiser, fields, members (email, joins as), listing refs, posts [(author, text, replies)]
DEMO_COMMUNITIES = [
    (
        "yumi@yui.example",
        {
            "name": "駅前子育てサークル「ひだまり」",
            "description": (
                "0〜3歳の子どもと親の集まりです。毎週木曜の10時から駅前公民館の和室で、"
                "おしゃべりや手遊びをしています。はじめての方も、外国から来た方も大歓迎です。"
            ),
            "kind": CommunityKind.CIRCLE,
            "category": "childcare",
            "area": "駅前",
            "languages": ["ja", "en"],
            "join_policy": JoinPolicy.OPEN,
        },
        ["ana@yui.example", "coordinator@yui.example"],
        ["demo-020", "demo-021", "demo-011"],
        [
            (
                "yumi@yui.example",
                "今週の木曜日は手形アートをします。汚れてもいい服で来てくださいね。",
                [("ana@yui.example", "ありがとうございます！娘と行きます。")],
            ),
            (
                "coordinator@yui.example",
                "市の子育て支援の案内はこちらです: https://www.example.jp/kosodate",
                [],
            ),
        ],
    ),
    (
        "hanako@yui.example",
        {
            "name": "絵手紙と書道の会",
            "description": (
                "絵手紙と書道を楽しむ趣味のサークルです。月に2回、本町のふれあいセンターで"
                "集まります。道具はお貸しします。"
            ),
            "kind": CommunityKind.CIRCLE,
            "category": "hobbies",
            "area": "本町",
            "languages": ["ja"],
            "join_policy": JoinPolicy.OPEN,
        },
        ["minh@yui.example", "coordinator@yui.example"],
        ["demo-022", "demo-023"],
        [
            (
                "hanako@yui.example",
                "次回は柿の絵を描きます。\n筆と絵の具はこちらで用意します。",
                [("minh@yui.example", "Lần đầu tôi tham gia. よろしくお願いします！")],
            ),
        ],
    ),
    (
        "coordinator@yui.example",
        {
            "name": "城東見守り・お茶の会",
            "description": (
                "ひとり暮らしの高齢の方を地域で見守る福祉のサークルです。月に一度お茶会を開き、"
                "買い物の付き添いや声かけをしています。参加は承認制です。"
            ),
            "kind": CommunityKind.CIRCLE,
            "category": "welfare",
            "area": "城東",
            "languages": ["ja"],
            "join_policy": JoinPolicy.APPROVAL,
        },
        ["hanako@yui.example"],
        ["demo-014", "demo-039"],
        [
            (
                "coordinator@yui.example",
                "来月のお茶会は第2火曜日の14時からです。",
                [("hanako@yui.example", "お菓子を持っていきますね。")],
            ),
        ],
    ),
    (
        "minh@yui.example",
        {
            "name": "ベトナム人コミュニティ Cộng đồng người Việt",
            "description": (
                "市内に住むベトナム人の集まりです。生活の困りごとを相談したり、テトを一緒に"
                "祝ったりしています。\nCộng đồng người Việt tại thành phố: hỏi đáp về cuộc sống, "
                "giấy tờ, và cùng nhau đón Tết."
            ),
            "kind": CommunityKind.NEWCOMER,
            "category": "newcomers",
            "area": "駅前",
            "languages": ["vi", "ja"],
            "join_policy": JoinPolicy.OPEN,
        },
        ["coordinator@yui.example", "hanako@yui.example"],
        ["demo-005", "demo-041", "demo-037"],
        [
            (
                "minh@yui.example",
                "Ai biết chỗ mua rau thơm ở gần ga không?\n"
                "駅の近くでハーブを買える店を知りませんか？",
                [("hanako@yui.example", "うちの畑のパクチーをあげますよ。")],
            ),
        ],
    ),
    (
        "ana@yui.example",
        {
            "name": "Comunidade Brasileira ブラジル人コミュニティ",
            "description": (
                "Grupo dos brasileiros e de quem fala português na cidade: ajuda com a "
                "prefeitura, a escola e o dia a dia.\nポルトガル語を話す人の集まりです。"
                "役所や学校のことを助け合っています。"
            ),
            "kind": CommunityKind.NEWCOMER,
            "category": "newcomers",
            "area": "駅前",
            "languages": ["pt", "ja", "es"],
            "join_policy": JoinPolicy.APPROVAL,
        },
        ["coordinator@yui.example", "minh@yui.example"],
        ["demo-031", "demo-032"],
        [
            (
                "ana@yui.example",
                "Alguém sabe como renovar o visto? O guia da prefeitura: https://www.example.jp/visa",
                [
                    (
                        "coordinator@yui.example",
                        "市役所の国際交流窓口で相談できます（平日9時〜17時）。",
                    )
                ],
            ),
        ],
    ),
]

FEATURED = {"ベトナム人コミュニティ Cộng đồng người Việt"}


def create_demo_communities() -> list[Community]:
    """Create the demo communities once (running it again changes nothing); skipped for any
    whose organiser is missing (the demo users come from ``accounts.demo``)."""
    emails = {email for spec in DEMO_COMMUNITIES for email in [spec[0], *spec[2]]}
    users = {user.email: user for user in User.objects.filter(email__in=emails)}
    categories = {category.slug: category for category in Category.objects.all()}
    communities = []
    for organiser_email, fields, member_emails, refs, posts in DEMO_COMMUNITIES:
        organiser = users.get(organiser_email)
        if organiser is None:
            continue
        community = Community.objects.filter(name=fields["name"]).first()
        if community is None:
            community = create_community(
                by=organiser,
                **{**fields, "category": categories[fields["category"]]},
            )
            _add_members(community, organiser, [users[e] for e in member_emails if e in users])
            for author_email, text, replies in posts:
                post = post_to_board(author=users[author_email], community=community, body=text)
                for reply_email, reply_text in replies:
                    reply_to_post(
                        author=users[reply_email],
                        community=community,
                        post_id=post.pk,
                        body=reply_text,
                    )
            if fields["join_policy"] == JoinPolicy.APPROVAL and "yumi@yui.example" in users:
                if membership_of(users["yumi@yui.example"], community) is None:
                    join_community(  # a request waiting for the organiser's answer
                        user=users["yumi@yui.example"],
                        community=community,
                        message="見学させていただけますか。",
                    )
        if fields["name"] in FEATURED and not community.featured:
            community.featured = True
            community.save(update_fields=["featured"])
        Listing.objects.filter(ref__in=refs, community__isnull=True).update(community=community)
        communities.append(community)
    return communities


def _add_members(community: Community, organiser: User, members: list[User]) -> None:
    for member in members:
        membership = join_community(user=member, community=community)
        if not membership.is_active:
            approve_request(by=organiser, community=community, member_id=membership.pk)
