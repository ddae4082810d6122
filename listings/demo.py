"""Demo listings for `make run`: all four kinds, offers and requests, many categories and areas,
mostly Japanese with English, Vietnamese, Portuguese, Chinese and Tagalog ones, each at a place
near its area's centre, some with photos drawn here (no downloads)."""

import hashlib
import io

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

from accounts.models import User

from .models import Category, Listing
from .services import add_listing_photos, submit_listing

# Places near the (fictional) town centre, 35.36 N 136.94 E.
AREAS = {
    "本町": (35.3612, 136.9389),
    "城東": (35.3655, 136.9512),
    "駅前": (35.3580, 136.9330),
    "北山": (35.3790, 136.9420),
    "南町": (35.3490, 136.9405),
    "川端": (35.3700, 136.9250),
}

# (ref, owner, kind, direction, category, area, language, title, description, tags, extra)
DEMO_LISTINGS = [
    (
        "demo-001",
        "hanako",
        "skill",
        "request",
        "digital",
        "城東",
        "ja",
        "スマホでLINEの使い方を教えてほしい",
        "孫と写真を送りあいたいのですが、LINEの使い方がわかりません。ゆっくり教えてくださる方を探しています。",
        ["スマホ", "LINE"],
        {"availability": "平日の午後"},
    ),
    (
        "demo-002",
        "coordinator",
        "skill",
        "offer",
        "digital",
        "本町",
        "ja",
        "スマホ・パソコン相談（毎週土曜）",
        "ボランティアがスマートフォンやパソコンの困りごとに応じます。予約不要です。",
        ["スマホ", "パソコン", "相談"],
        {"skill_mode": "in_person", "availability": "毎週土曜 10:00〜12:00"},
    ),
    (
        "demo-003",
        "hanako",
        "skill",
        "offer",
        "food",
        "城東",
        "ja",
        "季節の野菜料理を教えます",
        "畑でとれた野菜を使った家庭料理を一緒に作りましょう。漬物も教えます。",
        ["野菜", "料理", "漬物"],
        {"skill_mode": "in_person"},
    ),
    (
        "demo-004",
        "hanako",
        "item",
        "offer",
        "nature-farming",
        "城東",
        "ja",
        "採れたて野菜をおすそわけ",
        "大根と白菜がたくさんとれました。取りに来られる方にお分けします。",
        ["野菜", "おすそわけ"],
        {"item_transfer": "give", "item_quantity": 10},
    ),
    (
        "demo-005",
        "minh",
        "skill",
        "offer",
        "food",
        "駅前",
        "vi",
        "Dạy nấu phở và gỏi cuốn",
        "Tôi có thể dạy nấu món ăn Việt Nam: phở, gỏi cuốn, bánh xèo. "
        "Tiếng Việt, tiếng Anh hoặc tiếng Nhật đơn giản.",
        ["Việt Nam", "nấu ăn"],
        {"skill_mode": "in_person", "terms": "exchange", "exchange_note": "日本語の会話練習"},
    ),
    (
        "demo-006",
        "minh",
        "skill",
        "request",
        "languages",
        "駅前",
        "en",
        "Looking for Japanese conversation practice",
        "I moved here last spring and want to practise everyday Japanese. "
        "Happy to teach English or Vietnamese in exchange.",
        ["Japanese", "conversation"],
        {"terms": "exchange", "exchange_note": "English or Vietnamese lessons"},
    ),
    (
        "demo-007",
        "coordinator",
        "activity",
        "offer",
        "languages",
        "本町",
        "ja",
        "やさしい日本語教室",
        "外国から来た方のための日本語教室です。初めての方も歓迎します。",
        ["日本語", "教室", "外国人"],
        {
            "activity_recurrence": "毎週水曜 19:00〜20:30",
            "activity_place": "ふれあいセンター 会議室A",
            "activity_capacity": 15,
        },
    ),
    (
        "demo-008",
        "coordinator",
        "space",
        "offer",
        "hobbies",
        "本町",
        "ja",
        "ふれあいセンターの和室を貸します",
        "12畳の和室です。サークル活動や集まりにご利用ください。",
        ["和室", "貸し部屋"],
        {
            "space_capacity": 20,
            "space_facilities": "座卓、座布団、湯沸かし",
            "space_address": "本町1-2-3",
            "terms": "fee",
            "fee_amount": 500,
        },
    ),
    (
        "demo-009",
        "coordinator",
        "space",
        "offer",
        "food",
        "本町",
        "ja",
        "調理室の貸し出し",
        "料理教室や子ども食堂の準備に使える調理室です。",
        ["調理室", "キッチン"],
        {
            "space_capacity": 16,
            "space_facilities": "ガスコンロ4台、冷蔵庫、食器",
            "space_address": "本町1-2-3",
        },
    ),
    (
        "demo-010",
        "hanako",
        "item",
        "request",
        "goods-home",
        "城東",
        "ja",
        "電子レンジを探しています",
        "古い電子レンジが壊れてしまいました。使わなくなったものがあれば譲ってください。",
        ["電子レンジ", "家電"],
        {},
    ),
    (
        "demo-011",
        "minh",
        "item",
        "offer",
        "goods-children",
        "駅前",
        "en",
        "Baby stroller to give away",
        "A light stroller in good condition. Our child has grown out of it.",
        ["stroller", "baby"],
        {"item_condition": "good", "item_transfer": "give", "item_quantity": 1},
    ),
    (
        "demo-012",
        None,
        "item",
        "offer",
        "goods-children",
        "北山",
        "ja",
        "ランドセルをお譲りします",
        "6年間使った赤いランドセルです。きれいに使っていました。",
        ["ランドセル", "子ども"],
        {"item_condition": "used", "item_transfer": "give"},
    ),
    (
        "demo-013",
        None,
        "item",
        "request",
        "goods-children",
        "南町",
        "ja",
        "子供用の自転車がほしい",
        "小学1年生の子どもが乗れる自転車を探しています。",
        ["自転車", "子供"],
        {},
    ),
    (
        "demo-014",
        None,
        "skill",
        "offer",
        "welfare",
        "北山",
        "ja",
        "介護の相談にのります",
        "元介護福祉士です。家族の介護で困っていることがあれば、お話をうかがいます。",
        ["介護", "相談"],
        {"skill_mode": "either"},
    ),
    (
        "demo-015",
        None,
        "skill",
        "request",
        "living-help",
        "北山",
        "ja",
        "電球の交換を手伝ってほしい",
        "高いところの電球が切れてしまいました。脚立に上るのが怖いので手伝ってください。",
        ["電球", "手伝い"],
        {},
    ),
    (
        "demo-016",
        None,
        "skill",
        "request",
        "living-help",
        "南町",
        "ja",
        "雪かきを手伝ってください",
        "冬の朝、玄関前の雪かきを手伝っていただける方を探しています。",
        ["雪かき"],
        {"availability": "12月〜2月の朝"},
    ),
    (
        "demo-017",
        None,
        "skill",
        "offer",
        "living-help",
        "川端",
        "ja",
        "草刈り・庭の手入れをします",
        "週末に草刈りや庭木の手入れをお手伝いできます。道具は持っています。",
        ["草刈り", "庭"],
        {"availability": "土日"},
    ),
    (
        "demo-018",
        None,
        "activity",
        "offer",
        "volunteering",
        "川端",
        "ja",
        "川辺のごみ拾い活動",
        "毎月第2日曜に川端公園の周りを清掃します。軍手とごみ袋はこちらで用意します。",
        ["清掃", "ボランティア"],
        {"activity_recurrence": "毎月第2日曜 9:00〜10:30", "activity_place": "川端公園"},
    ),
    (
        "demo-019",
        None,
        "activity",
        "offer",
        "sports-health",
        "南町",
        "ja",
        "朝のラジオ体操",
        "毎朝6時半から南町公園でラジオ体操をしています。どなたでもどうぞ。",
        ["体操", "健康"],
        {"activity_recurrence": "毎朝 6:30"},
    ),
    (
        "demo-020",
        None,
        "activity",
        "offer",
        "childcare",
        "駅前",
        "ja",
        "子育てサロン「ひだまり」",
        "0〜3歳の子どもと保護者が集まるサロンです。子育ての悩みを話しましょう。",
        ["子育て", "サロン"],
        {"activity_recurrence": "毎週火曜 10:00〜12:00", "activity_place": "駅前児童館"},
    ),
    (
        "demo-021",
        None,
        "skill",
        "request",
        "childcare",
        "駅前",
        "ja",
        "子どもの送り迎えを手伝ってほしい",
        "仕事の日に保育園のお迎えをお願いできる方を探しています。",
        ["送迎", "保育園"],
        {"availability": "月・水・金 17:30"},
    ),
    (
        "demo-022",
        None,
        "skill",
        "offer",
        "arts-culture",
        "北山",
        "ja",
        "書道を教えます",
        "初心者向けに書道を教えます。筆と紙はお貸しします。",
        ["書道", "習字"],
        {"skill_mode": "in_person", "terms": "fee", "fee_amount": 300},
    ),
    (
        "demo-023",
        None,
        "activity",
        "offer",
        "arts-culture",
        "本町",
        "ja",
        "絵手紙サークル",
        "季節の絵手紙を描くサークルです。見学歓迎。",
        ["絵手紙", "サークル"],
        {"activity_recurrence": "毎月第1・第3木曜 13:30"},
    ),
    (
        "demo-024",
        None,
        "skill",
        "offer",
        "consultation",
        "本町",
        "ja",
        "年金や税金の書類の書き方相談",
        "元市役所職員です。申請書類の書き方についてご相談にのります。",
        ["書類", "相談", "年金"],
        {"skill_mode": "in_person"},
    ),
    (
        "demo-025",
        None,
        "activity",
        "offer",
        "disaster-safety",
        "城東",
        "ja",
        "防災訓練と炊き出し体験",
        "地域の防災訓練です。非常食の炊き出しを体験できます。",
        ["防災", "訓練"],
        {"activity_place": "城東小学校 体育館"},
    ),
    (
        "demo-026",
        None,
        "skill",
        "offer",
        "experience",
        "川端",
        "ja",
        "そば打ち体験",
        "地元のそば粉を使ったそば打ちを体験しませんか。",
        ["そば", "体験"],
        {"terms": "fee", "fee_amount": 1000},
    ),
    (
        "demo-027",
        None,
        "space",
        "request",
        "hobbies",
        "駅前",
        "ja",
        "バンドの練習場所を探しています",
        "月2回、4人で練習できる場所を探しています。音が出せるところが希望です。",
        ["練習", "音楽"],
        {},
    ),
    (
        "demo-028",
        None,
        "space",
        "offer",
        "nature-farming",
        "北山",
        "ja",
        "家庭菜園用の畑を貸します",
        "使っていない畑（約20平方メートル）をお貸しします。",
        ["畑", "家庭菜園"],
        {"space_address": "北山2丁目"},
    ),
    (
        "demo-029",
        None,
        "item",
        "offer",
        "goods-other",
        "川端",
        "ja",
        "本棚を差し上げます",
        "幅80cmの木製本棚です。取りに来られる方に。",
        ["本棚", "家具"],
        {"item_condition": "good", "item_transfer": "give"},
    ),
    (
        "demo-030",
        None,
        "item",
        "offer",
        "goods-home",
        "南町",
        "ja",
        "こたつを貸します（冬の間）",
        "使っていないこたつがあります。冬の間お貸しします。",
        ["こたつ"],
        {"item_transfer": "lend"},
    ),
    (
        "demo-031",
        None,
        "skill",
        "offer",
        "languages",
        "駅前",
        "pt",
        "Aulas de português para crianças",
        "Sou brasileira e posso ensinar português às crianças da comunidade, aos sábados.",
        ["português", "Brasil"],
        {"skill_mode": "in_person"},
    ),
    (
        "demo-032",
        None,
        "skill",
        "request",
        "newcomers",
        "駅前",
        "pt",
        "Procuro ajuda com documentos da prefeitura",
        "Cheguei do Brasil há pouco tempo e preciso de ajuda para entender "
        "os documentos da prefeitura.",
        ["documentos", "prefeitura"],
        {},
    ),
    (
        "demo-033",
        None,
        "skill",
        "offer",
        "languages",
        "本町",
        "zh",
        "教中文会话",
        "我是中国人，可以教简单的中文会话。也想学习日语。",
        ["中文", "会话"],
        {"terms": "exchange", "exchange_note": "日本語の練習"},
    ),
    (
        "demo-034",
        None,
        "activity",
        "offer",
        "newcomers",
        "本町",
        "tl",
        "Samahan ng mga Pilipino sa bayan",
        "Magkita-kita tayo tuwing Linggo para magkuwentuhan at magtulungan.",
        ["Pilipino", "komunidad"],
        {"activity_recurrence": "Tuwing Linggo 14:00"},
    ),
    (
        "demo-035",
        None,
        "skill",
        "offer",
        "newcomers",
        "南町",
        "en",
        "Help for newcomers with rubbish sorting rules",
        "I can explain the rubbish sorting calendar and rules in English or easy Japanese.",
        ["newcomers", "rubbish"],
        {"skill_mode": "either"},
    ),
    (
        "demo-036",
        None,
        "skill",
        "offer",
        "digital",
        "川端",
        "en",
        "Basic computer help for seniors",
        "I can help set up e-mail, video calls and printers. Patient and friendly.",
        ["computer", "PC"],
        {"skill_mode": "in_person"},
    ),
    (
        "demo-037",
        None,
        "item",
        "request",
        "goods-home",
        "北山",
        "vi",
        "Cần tìm một chiếc xe đạp cũ",
        "Tôi cần xe đạp để đi làm. Xe cũ cũng được.",
        ["xe đạp"],
        {},
    ),
    (
        "demo-038",
        None,
        "activity",
        "request",
        "sports-health",
        "城東",
        "ja",
        "一緒にウォーキングする仲間募集",
        "朝に城東公園を1時間ほど歩いています。一緒に歩ける方を探しています。",
        ["ウォーキング", "健康"],
        {},
    ),
    (
        "demo-039",
        None,
        "skill",
        "request",
        "welfare",
        "城東",
        "ja",
        "買い物の付き添いをお願いしたい",
        "足が悪く、重い物を持てません。月に2回ほど買い物に付き添っていただけると助かります。",
        ["買い物", "付き添い"],
        {},
    ),
    (
        "demo-040",
        None,
        "space",
        "offer",
        "childcare",
        "川端",
        "ja",
        "子ども食堂の会場として家を開放します",
        "広い居間があります。子ども食堂や集まりの会場としてお使いください。",
        ["子ども食堂", "会場"],
        {"space_capacity": 25},
    ),
    (
        "demo-041",
        None,
        "skill",
        "offer",
        "consultation",
        "駅前",
        "vi",
        "Tư vấn cuộc sống cho người Việt mới đến",
        "Tôi sống ở đây 8 năm. Có thể giúp bạn về nhà ở, bệnh viện, trường học.",
        ["tư vấn", "người Việt"],
        {"skill_mode": "either"},
    ),
    (
        "demo-042",
        None,
        "activity",
        "offer",
        "experience",
        "北山",
        "ja",
        "田植え体験（5月）",
        "北山の田んぼで田植えを体験できます。親子での参加も歓迎。",
        ["田植え", "体験", "米"],
        {"activity_place": "北山の田んぼ", "activity_capacity": 30},
    ),
]

DEMO_OWNERS = {
    "hanako": "hanako@yui.example",
    "minh": "minh@yui.example",
    "coordinator": "coordinator@yui.example",
}


def create_demo_listings() -> list[Listing]:
    """Create the demo listings that do not exist yet (by ref) and publish them."""
    owners = {key: User.objects.get(email=email) for key, email in DEMO_OWNERS.items()}
    coordinator = owners["coordinator"]
    categories = {category.slug: category for category in Category.objects.all()}
    existing = set(Listing.objects.filter(ref__startswith="demo-").values_list("ref", flat=True))
    created = []
    for (
        ref,
        owner_key,
        kind,
        direction,
        category,
        area,
        language,
        title,
        description,
        tags,
        extra,
    ) in DEMO_LISTINGS:
        if ref in existing:
            continue
        owner = owners[owner_key] if owner_key else None
        latitude, longitude = place_near(AREAS[area], ref)
        listing = Listing.objects.create(
            ref=ref,
            owner=owner,
            posted_by=None if owner else coordinator,
            kind=kind,
            direction=direction,
            category=categories[category],
            area=area,
            language=language,
            title=title,
            description=description,
            tags=tags,
            latitude=latitude,
            longitude=longitude,
            spoken_languages=[language] if language == "ja" else [language, "ja"],
            **extra,
        )
        created.append(submit_listing(listing=listing, by=owner or coordinator))
    add_demo_photos(coordinator=coordinator)
    return created


def place_near(centre: tuple[float, float], ref: str) -> tuple[float, float]:
    """A place within about 400 m of an area's centre, the same for a ref on every load."""
    digest = hashlib.sha256(ref.encode()).digest()
    north = (digest[0] / 255 - 0.5) * 0.007
    east = (digest[1] / 255 - 0.5) * 0.008
    return round(centre[0] + north, 6), round(centre[1] + east, 6)


# Simple pictures, one per theme: (background, drawing) on a 960 × 720 canvas.
def _laptop(draw):
    draw.rounded_rectangle((250, 170, 710, 470), 24, fill="#2f3e4e")
    draw.rectangle((280, 200, 680, 440), fill="#9fd3f5")
    draw.polygon([(190, 500), (770, 500), (720, 560), (240, 560)], fill="#51606f")
    draw.rounded_rectangle((740, 330, 830, 530), 16, fill="#222b35")
    draw.rectangle((752, 350, 818, 505), fill="#ffd479")


def _vegetables(draw):
    draw.ellipse((200, 300, 400, 500), fill="#e04b3a")
    draw.polygon([(300, 300), (330, 250), (350, 300)], fill="#3d8b37")
    draw.polygon([(440, 260), (560, 260), (500, 560)], fill="#f08a24")
    draw.polygon([(470, 260), (500, 180), (530, 260)], fill="#3d8b37")
    draw.ellipse((600, 280, 800, 520), fill="#f4f1d0", outline="#7fae4c", width=12)
    draw.ellipse((650, 200, 750, 320), fill="#7fae4c")


def _room(draw):
    for row in range(3):
        for col in range(4):
            x, y = 160 + col * 160, 180 + row * 130
            draw.rectangle((x, y, x + 150, y + 120), fill="#d9cf8f", outline="#6b5f2a", width=6)
    draw.rectangle((160, 120, 800, 170), fill="#8c6b3f")


def _bag(draw):
    draw.rounded_rectangle((320, 220, 640, 600), 60, fill="#c0392b")
    draw.rounded_rectangle((320, 220, 640, 420), 60, fill="#a5281b")
    draw.rectangle((455, 380, 505, 440), fill="#f1c40f")
    draw.arc((380, 120, 580, 300), 180, 360, fill="#6e1a12", width=22)


def _garden(draw):
    draw.ellipse((660, 90, 820, 250), fill="#ffcc33")
    draw.rectangle((0, 470, 960, 720), fill="#5aa845")
    for x in range(40, 960, 70):
        draw.polygon([(x, 480), (x + 25, 380), (x + 50, 480)], fill="#3f8a2f")


def _river(draw):
    draw.rectangle((0, 0, 960, 300), fill="#bfe3f7")
    draw.rectangle((0, 300, 960, 720), fill="#2f7fc1")
    for y in range(360, 720, 80):
        for x in range(0, 960, 160):
            draw.arc((x, y, x + 160, y + 60), 200, 340, fill="#d7efff", width=10)


def _brush(draw):
    draw.rectangle((180, 120, 780, 620), fill="#fbf7ee", outline="#9c8c6b", width=8)
    draw.line((300, 200, 420, 520), fill="#1b1b1b", width=38)
    draw.line((470, 260, 660, 300), fill="#1b1b1b", width=30)
    draw.line((560, 300, 520, 560), fill="#1b1b1b", width=30)
    draw.ellipse((690, 480, 760, 550), fill="#c0392b")


def _bowl(draw):
    draw.chord((240, 240, 720, 620), 0, 180, fill="#7a3b1f")
    draw.rectangle((240, 420, 720, 440), fill="#a0522d")
    for x in (380, 480, 580):
        draw.arc((x - 40, 180, x + 40, 320), 100, 260, fill="#ffffff", width=10)
    draw.line((520, 300, 760, 180), fill="#c8a165", width=12)
    draw.line((540, 320, 780, 210), fill="#c8a165", width=12)


def _field(draw):
    draw.rectangle((0, 0, 960, 260), fill="#cfeaf9")
    draw.rectangle((0, 260, 960, 720), fill="#8b5a2b")
    for y in range(300, 720, 70):
        for x in range(40, 960, 90):
            draw.ellipse((x, y, x + 50, y + 40), fill="#4caf50")


def _bookshelf(draw):
    draw.rectangle((250, 100, 710, 640), fill="#8d6e4f")
    colours = ["#e74c3c", "#3498db", "#f1c40f", "#2ecc71", "#9b59b6", "#e67e22"]
    for shelf, top in enumerate((130, 300, 470)):
        draw.rectangle((270, top + 150, 690, top + 160), fill="#5d4330")
        for n in range(7):
            x = 285 + n * 57
            draw.rectangle((x, top + 10, x + 45, top + 148), fill=colours[(n + shelf) % 6])


DEMO_PHOTOS = {
    # ref: (background colour, drawing, description)
    "demo-002": ("#e8f1fb", _laptop, "ノートパソコンとスマートフォンの絵"),
    "demo-003": ("#fff4e0", _vegetables, "トマト、にんじん、かぶの絵"),
    "demo-004": ("#eef7e6", _vegetables, "採れたての野菜の絵"),
    "demo-008": ("#f6efdc", _room, "畳の和室の絵"),
    "demo-012": ("#fdecea", _bag, "赤いランドセルの絵"),
    "demo-017": ("#dff1fb", _garden, "晴れた日の庭と草の絵"),
    "demo-018": ("#dff1fb", _river, "川の流れの絵"),
    "demo-022": ("#efe9dc", _brush, "半紙に書いた書道の絵"),
    "demo-026": ("#f7efe3", _bowl, "そばの入ったおわんとはしの絵"),
    "demo-028": ("#cfeaf9", _field, "野菜が並ぶ畑の絵"),
    "demo-029": ("#f4efe8", _bookshelf, "本が並んだ本棚の絵"),
}


def demo_picture(background: str, drawing) -> ContentFile:
    image = Image.new("RGB", (960, 720), background)
    drawing(ImageDraw.Draw(image))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name="demo.png")


def add_demo_photos(*, coordinator) -> int:
    """Give the demo listings in DEMO_PHOTOS their picture, through the same checks and
    re-encoding as an upload, unless they already have one; returns how many were added."""
    added = 0
    listings = Listing.objects.filter(ref__in=DEMO_PHOTOS, photos__isnull=True).select_related(
        "owner"
    )
    for listing in listings:
        background, drawing, description = DEMO_PHOTOS[listing.ref]
        add_listing_photos(
            listing=listing,
            by=listing.owner or coordinator,
            files=[demo_picture(background, drawing)],
            alt_text=description,
        )
        added += 1
    return added
