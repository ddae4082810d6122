"""The default taxonomy (a contract in DESIGN.md): slug, Japanese name, English name."""

DEFAULT_CATEGORIES = [
    ("learning", "学び・教室", "Learning"),
    ("experience", "体験", "Experiences"),
    ("consultation", "相談", "Advice"),
    ("childcare", "子育て", "Childcare"),
    ("hobbies", "趣味・サークル", "Hobbies"),
    ("sports-health", "スポーツ・健康", "Sports & health"),
    ("welfare", "福祉・介護", "Welfare & care"),
    ("newcomers", "移住・多文化共生", "Newcomers"),
    ("languages", "語学・通訳", "Languages"),
    ("digital", "IT・スマホ", "Digital help"),
    ("living-help", "暮らしの手伝い", "Help at home"),
    ("food", "食・料理", "Food"),
    ("arts-culture", "芸術・文化", "Arts & culture"),
    ("nature-farming", "自然・農業", "Nature & farming"),
    ("volunteering", "ボランティア・まちづくり", "Volunteering"),
    ("disaster-safety", "防災・防犯", "Safety"),
    ("goods-children", "子ども用品", "Children's things"),
    ("goods-home", "家具・家電・生活用品", "Home goods"),
    ("goods-other", "その他のモノ", "Other things"),
]
