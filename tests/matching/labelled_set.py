"""A labelled set for listing matching (issue 5): realistic requests of a small Japanese city,
each with the offers a coordinator would point the resident to, over enough competing offers
that neither the category, nor the kind, nor shared characters alone pick the right one.

What makes it hard:

- every common category (childcare, digital, living-help, welfare, languages, goods-children,
  food, nature-farming) holds several offers that are not the answer to a request in it;
- in ``CROSS_CATEGORY`` requests the right offer sits in another category than the request
  (習字 asked for under 子育て, the 書道 class is under 芸術・文化);
- in ``CROSS_LANGUAGE`` requests the right offer is written in another language (a Brazilian
  resident asks in Portuguese for a Japanese class; the Japanese class is written in Japanese,
  and an "Aulas de português" offer shares the request's words but must lose). The offers carry
  only the cues a real poster gives: tags in both languages, "英語OK", ``spoken_languages``;
- in ``TEXT_ONLY`` requests the right offer and a wrong one share category and kind
  (ギター / ピアノ, ベビーカー / チャイルドシート, 将棋 / 囲碁): only the text decides;
- kinds must fit: a space request is answered by a space offer (和室), an item request by an
  item offer, a request for help by a skill offer; an activity request by activities or skills.

``evaluate`` ranks the offers for every request (the matching engine by default) and returns
hit@3, MRR over the top 10, and each pair's rank; tests/matching/test_matching_quality.py asserts
a floor and benchmarks/bench_matching_quality.py compares it with two baselines. No real
people's names, phone numbers or addresses appear here.
"""

import datetime
from collections.abc import Callable, Sequence
from typing import NamedTuple

from django.utils import timezone

from listings.models import Category, Listing

# Area centres of listings/demo_areas.py, for the listings that give a place.
AREA_CENTRES = {
    "本町": (35.3612, 136.9389),
    "城東": (35.3655, 136.9512),
    "駅前": (35.3580, 136.9330),
    "北山": (35.3790, 136.9420),
    "南町": (35.3490, 136.9405),
    "川端": (35.3700, 136.9250),
    "城山": (35.3880, 136.9390),
    "西野": (35.3750, 136.9150),
}


def _near(area: str, north: int, east: int) -> tuple[float, float]:
    """A place ``north`` and ``east`` steps of about 100 m from the area's centre."""
    lat, lon = AREA_CENTRES[area]
    return (round(lat + north * 0.0009, 6), round(lon + east * 0.0011, 6))


# Which offer kinds answer a request of each kind.
ANSWERING_KINDS = {
    "skill": {"skill"},
    "item": {"item"},
    "space": {"space"},
    "activity": {"activity", "skill"},
}

# Owner keys: "center" (the community centre), "shakyo" (the council of social welfare) and
# "kokusai" (the international association) post several offers; residents one or two listings.
# fmt: off
LISTINGS: dict[str, dict] = {
    # ---------------------------------------------------------------- digital: requests
    "r_line": {
        "kind": "skill", "direction": "request", "category": "digital", "language": "ja",
        "area": "城東", "spoken_languages": ["ja"], "owner": "joto_grandma",
        "title": "スマホでLINEの使い方を教えてほしい",
        "description": "孫と写真を送りあいたいのですが、LINEの使い方がわかりません。"
                       "ゆっくり教えてくださる方を探しています。",
        "tags": ["スマホ", "LINE", "写真"],
        "location": _near("城東", 1, -2),
    },
    "r_printer": {
        "kind": "skill", "direction": "request", "category": "digital", "language": "ja",
        "area": "北山", "spoken_languages": ["ja"], "owner": "kitayama_retiree",
        "title": "プリンターが印刷できなくなりました",
        "description": "パソコンを新しくしたら、年賀状を印刷していたプリンターが動きません。"
                       "無線の設定だと思うのですが、家まで見に来ていただけませんか。",
        "tags": ["パソコン", "プリンター", "Wi-Fi"],
    },
    "r_excel": {
        "kind": "skill", "direction": "request", "category": "digital", "language": "ja",
        "area": "南町", "spoken_languages": ["ja"], "owner": "minami_chonai",
        "title": "町内会の名簿を表計算で作りたい",
        "description": "今年から町内会の会計係になりました。手書きの名簿と会費の記録を"
                       "エクセルにまとめたいので、表の作り方を教えてください。",
        "tags": ["エクセル", "町内会", "名簿"],
    },
    "r_videocall": {
        "kind": "skill", "direction": "request", "category": "digital", "language": "ja",
        "area": "川端", "spoken_languages": ["ja"], "owner": "kawabata_couple",
        "title": "遠くの孫とテレビ電話で話したい",
        "description": "東京に住む孫と顔を見ながら話したいのです。タブレットはあるのですが、"
                       "Zoomのつなぎ方が分からず困っています。",
        "tags": ["タブレット", "テレビ電話"],
    },
    # ---------------------------------------------------------------- digital: offers
    "o_smartphone": {
        "kind": "skill", "direction": "offer", "category": "digital", "language": "ja",
        "area": "本町", "spoken_languages": ["ja"], "owner": "phone_volunteer",
        "title": "スマホの困りごと、ご相談ください",
        "description": "元携帯ショップ店員です。LINEの登録、写真の送り方、文字の大きさの変え方"
                       "など、ご高齢の方にもゆっくりお教えします。",
        "tags": ["スマホ", "LINE", "シニア"],
        "location": _near("本町", 0, 1),
    },
    "o_pc_help": {
        "kind": "skill", "direction": "offer", "category": "digital", "language": "ja",
        "area": "北山", "spoken_languages": ["ja"], "owner": "pc_engineer",
        "title": "パソコン・周辺機器の設定に伺います",
        "description": "システムエンジニアをしていました。インターネットや無線LANの接続、"
                       "プリンターやスキャナーの設定など、ご自宅に伺って直します。",
        "tags": ["パソコン", "設定", "修理"],
        "location": _near("北山", -1, 0),
    },
    "o_office_teach": {
        "kind": "skill", "direction": "offer", "category": "digital", "language": "ja",
        "area": "駅前", "spoken_languages": ["ja"], "owner": "office_teacher",
        "title": "ワード・エクセルの使い方を教えます",
        "description": "事務の仕事を30年してきました。チラシや案内文の作り方、表や計算式、"
                       "会の名簿や会計簿の作り方まで、実際の書類を見ながらお手伝いします。",
        "tags": ["ワード", "エクセル", "パソコン"],
    },
    "o_video_call": {
        "kind": "skill", "direction": "offer", "category": "digital", "language": "ja",
        "area": "川端", "spoken_languages": ["ja", "en"], "owner": "online_helper",
        "title": "ビデオ通話・オンライン会議のつなぎ方",
        "description": "Zoom、LINEのビデオ通話、Googleミートなど、離れた家族や会議と"
                       "画面越しにつながる方法を、お手持ちの機械で一緒に設定します。",
        "tags": ["Zoom", "ビデオ通話", "オンライン"],
    },
    "o_photo_organize": {
        "kind": "skill", "direction": "offer", "category": "digital", "language": "ja",
        "area": "城山", "spoken_languages": ["ja"], "owner": "photo_club",
        "title": "デジカメ写真の整理とプリント",
        "description": "たまったデジカメやスマホの写真を整理して、アルバム用にプリントする"
                       "方法をお教えします。写真好きの仲間とやっています。",
        "tags": ["写真", "デジカメ", "プリント"],
    },
    "o_mynumber": {
        "kind": "skill", "direction": "offer", "category": "digital", "language": "ja",
        "area": "本町", "spoken_languages": ["ja"], "owner": "shakyo",
        "title": "マイナンバーカードのスマホ申請をお手伝い",
        "description": "スマートフォンでのマイナンバーカード申請や、マイナポータルの登録を"
                       "社協の窓口でお手伝いします。カードと暗証番号をお持ちください。",
        "tags": ["マイナンバー", "スマートフォン", "申請"],
    },
    # ---------------------------------------------------------------- childcare: requests
    # Cross-category: 習字 for a child, asked under 子育て; the 書道 class is under 芸術・文化
    # while childcare has four other offers for children.
    "r_shuji_kids": {
        "kind": "skill", "direction": "request", "category": "childcare", "language": "ja",
        "area": "西野", "spoken_languages": ["ja"], "owner": "nishino_mother",
        "title": "子どもに習字を教えてくれる方",
        "description": "小学3年生の娘が冬休みの書き初めの宿題で困っています。"
                       "筆の持ち方から教えていただける方を探しています。",
        "tags": ["習字", "小学生", "書き初め"],
        "location": _near("西野", 0, 0),
    },
    "r_ichiji": {
        "kind": "skill", "direction": "request", "category": "childcare", "language": "ja",
        "area": "駅前", "spoken_languages": ["ja"], "owner": "ekimae_mother",
        "title": "通院の間、2歳の子を見ていてほしい",
        "description": "月に一度、自分の通院の日に2〜3時間ほど子どもを預かってくださる方を"
                       "探しています。近くに頼れる家族がいません。",
        "tags": ["預かり", "2歳"],
    },
    "r_pickup": {
        "kind": "skill", "direction": "request", "category": "childcare", "language": "ja",
        "area": "城東", "spoken_languages": ["ja"], "owner": "joto_father",
        "title": "保育園のお迎えをお願いできる方",
        "description": "夫婦とも仕事で、火曜と木曜は18時のお迎えに間に合いません。"
                       "保育園から家まで連れて帰っていただける方を探しています。",
        "tags": ["保育園", "お迎え"],
    },
    "r_homework": {
        "kind": "skill", "direction": "request", "category": "childcare", "language": "ja",
        "area": "南町", "spoken_languages": ["ja"], "owner": "minami_mother",
        "title": "算数が苦手な小4の勉強をみてほしい",
        "description": "割り算でつまずいてしまい、家では親子げんかになります。"
                       "週に一度、学校の課題を一緒にやってくださる方がいれば助かります。",
        "tags": ["算数", "小学生", "勉強"],
    },
    "r_storytime": {
        "kind": "activity", "direction": "request", "category": "childcare", "language": "ja",
        "area": "北山", "spoken_languages": ["ja"], "owner": "kitayama_kodomokai",
        "title": "子ども会で絵本を読んでくださる方",
        "description": "北山子ども会の集まりで、小さい子たちに絵本や紙芝居を読んで"
                       "いただける方を探しています。月に一度、土曜の午前です。",
        "tags": ["子ども会", "絵本", "紙芝居"],
    },
    # ---------------------------------------------------------------- childcare: offers
    "o_ichiji": {
        "kind": "skill", "direction": "offer", "category": "childcare", "language": "ja",
        "area": "駅前", "spoken_languages": ["ja"], "owner": "retired_nurse",
        "title": "一時預かりします（保育士経験あり）",
        "description": "保育士を25年しました。ご用事や通院、リフレッシュの間、"
                       "0歳から未就学のお子さんを自宅でお預かりします。",
        "tags": ["一時預かり", "保育士", "未就学児"],
        "location": _near("駅前", 1, 1),
    },
    "o_storytime": {
        "kind": "activity", "direction": "offer", "category": "childcare", "language": "ja",
        "area": "本町", "spoken_languages": ["ja"], "owner": "ehon_circle",
        "title": "絵本の読み聞かせ、出張します",
        "description": "読み聞かせサークル「おはなしの森」です。子ども会やサロンに伺って、"
                       "絵本・紙芝居・手遊びを30分ほど行います。",
        "tags": ["読み聞かせ", "絵本", "紙芝居"],
    },
    "o_homework": {
        "kind": "skill", "direction": "offer", "category": "childcare", "language": "ja",
        "area": "南町", "spoken_languages": ["ja"], "owner": "former_teacher",
        "title": "小学生の宿題をみます",
        "description": "元小学校教員です。放課後、公民館で小学生の宿題や計算・漢字の練習を"
                       "見ています。つまずいたところまで戻って一緒に考えます。",
        "tags": ["宿題", "小学生", "学習支援"],
    },
    "o_pickup": {
        "kind": "skill", "direction": "offer", "category": "childcare", "language": "ja",
        "area": "城東", "spoken_languages": ["ja"], "owner": "joto_granny",
        "title": "保育園・習い事の送迎をします",
        "description": "子育てが終わり時間があります。夕方の保育園や学童のお迎え、"
                       "習い事への送り迎えを、城東地区でお手伝いします。",
        "tags": ["送迎", "保育園", "習い事"],
        "location": _near("城東", -1, 0),
    },
    "o_kosodate_salon": {
        "kind": "activity", "direction": "offer", "category": "childcare", "language": "ja",
        "area": "本町", "spoken_languages": ["ja"], "owner": "center",
        "title": "子育てサロン「ひよこ」",
        "description": "0〜3歳のお子さんと保護者の集まりです。おもちゃで遊びながら、"
                       "子育ての悩みをおしゃべりしましょう。保健師さんも来ます。",
        "tags": ["子育てサロン", "乳幼児", "交流"],
    },
    # ---------------------------------------------------------------- arts-culture: offers
    "o_shodo": {
        "kind": "skill", "direction": "offer", "category": "arts-culture", "language": "ja",
        "area": "西野", "spoken_languages": ["ja"], "owner": "calligrapher",
        "title": "書道を教えます（子どもから大人まで）",
        "description": "師範の資格があります。自宅の一室で、毛筆・硬筆の基本から"
                       "書き初めの練習まで、お子さんにも丁寧に指導します。",
        "tags": ["書道", "毛筆", "書き初め"],
        "location": _near("西野", 1, -1),
    },
    "o_kitsuke": {
        "kind": "skill", "direction": "offer", "category": "arts-culture", "language": "ja",
        "area": "城山", "spoken_languages": ["ja"], "owner": "kimono_teacher",
        "title": "着物・浴衣の着付けを教えます",
        "description": "お祭りの浴衣や、たんすに眠っている着物を自分で着られるように、"
                       "帯の結び方からお教えします。",
        "tags": ["着付け", "着物", "浴衣"],
    },
    "o_haiku": {
        "kind": "activity", "direction": "offer", "category": "arts-culture", "language": "ja",
        "area": "城山", "spoken_languages": ["ja"], "owner": "haiku_club",
        "title": "城山俳句の会 会員募集",
        "description": "月に一度、城山公民館で句会をしています。初心者の方も歓迎です。"
                       "季語の選び方から一緒に楽しみましょう。",
        "tags": ["俳句", "句会"],
    },
    # ---------------------------------------------------------------- living-help: requests
    # Cross-category: an escort to hospital asked under 暮らしの手伝い; the 通院の付き添い
    # offer is under 福祉・介護, and living-help has six other offers.
    "r_escort": {
        "kind": "skill", "direction": "request", "category": "living-help", "language": "ja",
        "area": "川端", "spoken_languages": ["ja"], "owner": "kawabata_daughter",
        "title": "母の病院に一緒に行ってくれる方",
        "description": "80代の母が月2回、市民病院の整形外科にかかっています。"
                       "私が仕事で行けない日に、受付から会計まで付き添っていただけませんか。",
        "tags": ["病院", "高齢の母"],
        "location": _near("川端", 0, 1),
    },
    "r_kusakari": {
        "kind": "skill", "direction": "request", "category": "living-help", "language": "ja",
        "area": "城山", "spoken_languages": ["ja"], "owner": "akiya_owner",
        "title": "実家の庭の草を刈ってほしい",
        "description": "空き家になった実家の庭が夏草で荒れてしまい、ご近所に申し訳ないです。"
                       "年に数回、刈っていただける方を探しています。",
        "tags": ["草", "空き家", "庭"],
    },
    "r_yukikaki": {
        "kind": "skill", "direction": "request", "category": "living-help", "language": "ja",
        "area": "北山", "spoken_languages": ["ja"], "owner": "kitayama_widow",
        "title": "大雪の朝、玄関前をお願いしたい",
        "description": "一人暮らしで腰を痛めており、雪が積もると玄関から道路まで出られません。"
                       "雪の日の朝、除雪をお願いできる方はいませんか。",
        "tags": ["雪", "除雪", "一人暮らし"],
    },
    "r_moving": {
        "kind": "skill", "direction": "request", "category": "living-help", "language": "ja",
        "area": "南町", "spoken_languages": ["ja"], "owner": "minami_newlywed",
        "title": "タンスと本棚を運ぶのを手伝って",
        "description": "同じ町内で引っ越します。大きなタンスと本棚を2階から下ろして、"
                       "新しい家まで運ぶのを手伝ってくださる方を探しています。",
        "tags": ["引っ越し", "タンス", "運搬"],
    },
    "r_shopping": {
        "kind": "skill", "direction": "request", "category": "living-help", "language": "ja",
        "area": "本町", "spoken_languages": ["ja"], "owner": "honmachi_elder",
        "title": "足をけがして買い物に行けません",
        "description": "転んで足首を骨折し、ひと月ほど歩けません。週に2回、"
                       "スーパーで食料品を買ってきてくださる方を探しています。",
        "tags": ["買い物", "食料品", "けが"],
    },
    "r_puncture": {
        "kind": "skill", "direction": "request", "category": "living-help", "language": "ja",
        "area": "駅前", "spoken_languages": ["ja"], "owner": "ekimae_student",
        "title": "自転車のタイヤがパンクしました",
        "description": "通学に使っている自転車の後ろのタイヤがパンクしてしまいました。"
                       "直し方を教えてもらうか、直してもらえると助かります。",
        "tags": ["自転車", "パンク"],
    },
    # ---------------------------------------------------------------- living-help: offers
    "o_kusakari": {
        "kind": "skill", "direction": "offer", "category": "living-help", "language": "ja",
        "area": "城山", "spoken_languages": ["ja"], "owner": "kusakari_man",
        "title": "草刈りします（刈払機あり）",
        "description": "定年退職して時間があります。刈払機を持っているので、庭や空き地、"
                       "畑のまわりの草刈りをします。刈った草の片付けもします。",
        "tags": ["草刈り", "刈払機", "空き地"],
        "location": _near("城山", -1, 1),
    },
    "o_sentei": {
        "kind": "skill", "direction": "offer", "category": "living-help", "language": "ja",
        "area": "川端", "spoken_languages": ["ja"], "owner": "gardener",
        "title": "庭木の剪定・生け垣の手入れ",
        "description": "植木屋で働いていました。松や柿の木の剪定、伸びすぎた生け垣の"
                       "刈り込みをします。高いところも脚立で作業できます。",
        "tags": ["剪定", "庭木", "生け垣"],
    },
    "o_denkyu": {
        "kind": "skill", "direction": "offer", "category": "living-help", "language": "ja",
        "area": "北山", "spoken_languages": ["ja"], "owner": "handyman",
        "title": "電球交換など、ちょっとした力仕事",
        "description": "天井の電球や蛍光灯の交換、網戸の張り替え、棚の取り付けなど、"
                       "ご高齢の方が困っている小さな作業をお手伝いします。",
        "tags": ["電球交換", "網戸", "修繕"],
    },
    "o_kaimono": {
        "kind": "skill", "direction": "offer", "category": "living-help", "language": "ja",
        "area": "本町", "spoken_languages": ["ja"], "owner": "honmachi_helper",
        "title": "買い物代行します",
        "description": "車があります。外出がむずかしい方の代わりに、スーパーや薬局で"
                       "頼まれたものを買ってお届けします。レシートでお支払いください。",
        "tags": ["買い物代行", "お届け"],
        "location": _near("本町", 1, 0),
    },
    "o_yukikaki": {
        "kind": "skill", "direction": "offer", "category": "living-help", "language": "ja",
        "area": "北山", "spoken_languages": ["ja"], "owner": "kitayama_youth",
        "title": "雪かき手伝います",
        "description": "北山に住む大学生です。冬の間、積もった日の朝は早く起きて、"
                       "ご近所の玄関先や車庫の前の雪かきをします。",
        "tags": ["雪かき", "冬", "学生"],
        "location": _near("北山", 1, 1),
    },
    "o_moving": {
        "kind": "skill", "direction": "offer", "category": "living-help", "language": "ja",
        "area": "西野", "spoken_languages": ["ja"], "owner": "truck_owner",
        "title": "家具の移動・運搬（軽トラあります）",
        "description": "軽トラックを持っています。家具や家電の運び出し、市内の引っ越し、"
                       "粗大ごみの持ち込みなど、重いものの運搬をお手伝いします。",
        "tags": ["家具", "運搬", "軽トラ"],
    },
    "o_bike_repair": {
        "kind": "skill", "direction": "offer", "category": "living-help", "language": "ja",
        "area": "駅前", "spoken_languages": ["ja"], "owner": "bike_uncle",
        "title": "自転車の修理・点検",
        "description": "元自転車店主です。パンクやブレーキ、チェーンの調整など、"
                       "道具のある自宅の車庫で見ます。部品代だけいただきます。",
        "tags": ["自転車", "修理", "パンク"],
    },
    # ---------------------------------------------------------------- welfare: requests
    "r_hanashi": {
        "kind": "skill", "direction": "request", "category": "welfare", "language": "ja",
        "area": "城東", "spoken_languages": ["ja"], "owner": "joto_son",
        "title": "一人暮らしの父の話し相手を",
        "description": "妻を亡くしてから父があまり人と話さなくなりました。"
                       "週に一度、家でお茶を飲みながら世間話をしていただける方はいませんか。",
        "tags": ["一人暮らし", "高齢者", "お茶"],
    },
    "r_wheelchair": {
        "kind": "item", "direction": "request", "category": "welfare", "language": "ja",
        "area": "南町", "spoken_languages": ["ja"], "owner": "minami_caregiver",
        "title": "車いすを2週間ほど借りたい",
        "description": "母が退院後しばらく歩くのがむずかしいため、"
                       "折りたたみの車いすを短い間お借りできないでしょうか。",
        "tags": ["車いす", "退院"],
    },
    "r_care_bed": {
        "kind": "item", "direction": "request", "category": "welfare", "language": "ja",
        "area": "西野", "spoken_languages": ["ja"], "owner": "nishino_caregiver",
        "title": "電動の介護ベッドを譲ってください",
        "description": "自宅で父を介護することになりました。起き上がりが楽になる"
                       "電動のベッドを探しています。運び出しはこちらでします。",
        "tags": ["介護", "ベッド"],
    },
    "r_care_advice": {
        "kind": "skill", "direction": "request", "category": "welfare", "language": "ja",
        "area": "本町", "spoken_languages": ["ja"], "owner": "honmachi_wife",
        "title": "夫の介護のことで話を聞いてほしい",
        "description": "夫が要介護2と言われました。デイサービスやヘルパーの使い方が"
                       "よく分からず、経験のある方に相談したいです。",
        "tags": ["介護保険", "デイサービス"],
    },
    # ---------------------------------------------------------------- welfare: offers
    "o_tsuin": {
        "kind": "skill", "direction": "offer", "category": "welfare", "language": "ja",
        "area": "川端", "spoken_languages": ["ja"], "owner": "shakyo",
        "title": "通院の付き添いボランティア",
        "description": "ご家族が同行できない日の通院に、登録ボランティアが付き添います。"
                       "受付、診察室への移動、薬の受け取りまでご一緒します。",
        "tags": ["通院", "付き添い", "高齢者"],
        "location": _near("川端", -1, 0),
    },
    "o_hanashi": {
        "kind": "skill", "direction": "offer", "category": "welfare", "language": "ja",
        "area": "城東", "spoken_languages": ["ja"], "owner": "chat_volunteer",
        "title": "お話し相手になります",
        "description": "昔話や趣味の話、なんでもうかがいます。ご自宅への訪問でも、"
                       "お電話でも。聞くのが好きな60代です。",
        "tags": ["話し相手", "訪問", "傾聴"],
    },
    "o_wheelchair": {
        "kind": "item", "direction": "offer", "category": "welfare", "language": "ja",
        "area": "南町", "spoken_languages": ["ja"], "owner": "minami_neighbour",
        "title": "折りたたみ車いすお貸しします",
        "description": "家族が使っていた自走式の車いすです。しばらく必要な方に"
                       "無料でお貸しします。取りに来られる方。",
        "tags": ["車いす", "貸し出し"],
    },
    "o_care_bed": {
        "kind": "item", "direction": "offer", "category": "welfare", "language": "ja",
        "area": "城山", "spoken_languages": ["ja"], "owner": "shiroyama_family",
        "title": "介護用電動ベッドをお譲りします",
        "description": "3モーターの介護用ベッドとマットレスです。背上げ・高さ調節ができます。"
                       "解体と運び出しを手伝っていただける方に。",
        "tags": ["介護ベッド", "電動ベッド"],
    },
    "o_care_advice": {
        "kind": "skill", "direction": "offer", "category": "welfare", "language": "ja",
        "area": "北山", "spoken_languages": ["ja"], "owner": "ex_caremanager",
        "title": "介護の相談にのります（元ケアマネ）",
        "description": "ケアマネジャーを15年していました。介護保険の申請、"
                       "デイサービスやヘルパーの選び方など、ご家族のお悩みをうかがいます。",
        "tags": ["介護", "相談", "介護保険"],
    },
    "o_mimamori": {
        "kind": "skill", "direction": "offer", "category": "welfare", "language": "ja",
        "area": "本町", "spoken_languages": ["ja"], "owner": "shakyo",
        "title": "配食と安否確認の見守り",
        "description": "一人暮らしの高齢の方に、週3回お弁当をお届けしながら"
                       "お元気かどうかを確かめます。社協の見守り事業です。",
        "tags": ["見守り", "配食", "一人暮らし"],
    },
    # ---------------------------------------------------------------- languages: requests
    # Cross-language: Portuguese, asking for Japanese; "Aulas de português" shares its words.
    "r_pt_japanese": {
        "kind": "activity", "direction": "request", "category": "languages", "language": "pt",
        "area": "駅前", "spoken_languages": ["pt"], "owner": "brazil_worker",
        "title": "Aulas de japonês para adultos",
        "description": "Trabalho na fábrica e quero aprender japonês para conversar com os "
                       "colegas e entender os avisos. Procuro aulas à noite ou no fim de semana.",
        "tags": ["japonês", "aulas", "adultos"],
        "location": _near("駅前", -1, 2),
    },
    # Cross-language: Vietnamese.
    "r_vi_japanese": {
        "kind": "activity", "direction": "request", "category": "languages", "language": "vi",
        "area": "駅前", "spoken_languages": ["vi", "en"], "owner": "vn_trainee",
        "title": "Học tiếng Nhật",
        "description": "Tôi là thực tập sinh, mới đến thành phố được ba tháng. Tôi muốn học "
                       "tiếng Nhật giao tiếp hằng ngày, buổi tối sau giờ làm.",
        "tags": ["tiếng Nhật", "học"],
    },
    # Cross-language: English, a conversation partner (a skill): the class is not a fit.
    "r_en_conversation": {
        "kind": "skill", "direction": "request", "category": "languages", "language": "en",
        "area": "城東", "spoken_languages": ["en"], "owner": "alt_teacher",
        "title": "Japanese conversation partner",
        "description": "I teach English at the junior high school and can read some hiragana, "
                       "but I freeze when I have to speak. Looking for someone to chat with "
                       "over coffee once a week.",
        "tags": ["Japanese", "conversation", "practice"],
    },
    # Cross-language: Chinese, looking for a teacher.
    "r_zh_japanese": {
        "kind": "skill", "direction": "request", "category": "languages", "language": "zh",
        "area": "川端", "spoken_languages": ["zh"], "owner": "cn_spouse",
        "title": "找日语老师",
        "description": "我随丈夫来到这里，日语只会一点点。想找一位能一对一教我日语的老师，"
                       "最好会说中文。",
        "tags": ["日语", "老师"],
    },
    # Cross-language: Tagalog.
    "r_tl_japanese": {
        "kind": "activity", "direction": "request", "category": "languages", "language": "tl",
        "area": "南町", "spoken_languages": ["tl", "en"], "owner": "ph_caregiver",
        "title": "Gusto kong mag-aral ng Nihongo",
        "description": "Nagtatrabaho ako sa isang nursing home. Naghahanap ako ng klase para "
                       "matuto ng wikang Hapon, lalo na sa pakikipag-usap sa mga lolo at lola.",
        "tags": ["Nihongo", "klase"],
    },
    # Cross-language and cross-category: Nepali, asked under 移住・多文化共生.
    "r_ne_japanese": {
        "kind": "activity", "direction": "request", "category": "newcomers", "language": "ne",
        "area": "西野", "spoken_languages": ["ne", "en"], "owner": "np_cook",
        "title": "जापानी भाषा सिक्न चाहन्छु",
        "description": "म रेस्टुरेन्टमा काम गर्छु। साँझ वा बिदाको दिन जापानी भाषाको कक्षा "
                       "खोज्दै छु।",
        "tags": ["जापानी भाषा", "कक्षा"],
    },
    # Japanese asking for English: the Japanese classes say "英語OK" and must lose.
    "r_eikaiwa": {
        "kind": "skill", "direction": "request", "category": "languages", "language": "ja",
        "area": "城山", "spoken_languages": ["ja"], "owner": "shiroyama_retiree",
        "title": "海外旅行のために英会話を習いたい",
        "description": "来年、夫婦でカナダへ行きます。空港やホテルで困らない程度の"
                       "会話ができるようになりたいです。",
        "tags": ["英会話", "旅行"],
    },
    # Cross-language: a Japanese request answered by the Portuguese offer.
    "r_ja_portuguese": {
        "kind": "skill", "direction": "request", "category": "languages", "language": "ja",
        "area": "本町", "spoken_languages": ["ja"], "owner": "factory_manager",
        "title": "ポルトガル語のあいさつを覚えたい",
        "description": "職場にブラジルから来た人が増えました。簡単なあいさつや"
                       "仕事の指示をポルトガル語で言えるようになりたいです。",
        "tags": ["ポルトガル語", "ブラジル"],
    },
    # ---------------------------------------------------------------- languages: offers
    "o_nihongo_class": {
        "kind": "activity", "direction": "offer", "category": "languages", "language": "ja",
        "area": "本町", "spoken_languages": ["ja", "en", "pt"], "owner": "kokusai",
        "title": "やさしい日本語教室（毎週水曜・土曜）",
        "description": "外国から来た方のための日本語教室です。ひらがなから日常会話、"
                       "仕事で使う言葉まで。水曜は夜、土曜は午前。英語・ポルトガル語OK。",
        "tags": ["日本語教室", "外国人", "Japanese class"],
        "location": _near("本町", 0, 0),
    },
    "o_nihongo_tutor": {
        "kind": "skill", "direction": "offer", "category": "languages", "language": "ja",
        "area": "川端", "spoken_languages": ["ja", "zh", "vi"], "owner": "ex_japanese_teacher",
        "title": "日本語を個人レッスンで教えます",
        "description": "日本語教師の資格があります。一人ひとりのレベルに合わせて、"
                       "会話・読み書き・日本語能力試験の準備を教えます。中国語・ベトナム語少し可。",
        "tags": ["日本語", "個人レッスン", "JLPT"],
    },
    "o_nihongo_partner": {
        "kind": "skill", "direction": "offer", "category": "languages", "language": "ja",
        "area": "城東", "spoken_languages": ["ja", "en"], "owner": "cafe_owner",
        "title": "日本語でおしゃべりしましょう",
        "description": "日本語を練習したい方の話し相手になります。教科書はなし、"
                       "カフェで雑談するだけです。English OK.",
        "tags": ["日本語", "会話練習", "Japanese", "language exchange"],
    },
    "o_pt_aulas": {
        "kind": "skill", "direction": "offer", "category": "languages", "language": "pt",
        "area": "駅前", "spoken_languages": ["pt", "ja"], "owner": "brazil_teacher",
        "title": "Aulas de português",
        "description": "Sou brasileira e dou aulas de português para japoneses e para crianças "
                       "brasileiras que estão esquecendo a língua. Iniciantes são bem-vindos. "
                       "日本語で説明できます。",
        "tags": ["português", "aulas", "ポルトガル語"],
    },
    "o_eikaiwa": {
        "kind": "skill", "direction": "offer", "category": "languages", "language": "ja",
        "area": "城山", "spoken_languages": ["ja", "en"], "owner": "ex_guide",
        "title": "大人のための英会話",
        "description": "元ツアーガイドです。旅行や買い物で使える英語のフレーズを、"
                       "実際の場面を想定して練習します。",
        "tags": ["英会話", "英語", "大人"],
    },
    "o_chinese": {
        "kind": "skill", "direction": "offer", "category": "languages", "language": "ja",
        "area": "駅前", "spoken_languages": ["ja", "zh"], "owner": "cn_teacher",
        "title": "中国語講座（初級）",
        "description": "中国出身です。発音の基本からやさしい会話まで、"
                       "日本語で説明しながら中国語をお教えします。",
        "tags": ["中国語", "初級"],
    },
    "o_kids_english": {
        "kind": "activity", "direction": "offer", "category": "languages", "language": "ja",
        "area": "南町", "spoken_languages": ["ja", "en"], "owner": "english_mom",
        "title": "こども英語あそび",
        "description": "歌やゲームで英語に親しむ、幼児と小学校低学年向けの集まりです。"
                       "毎週金曜の夕方、南町集会所で。",
        "tags": ["英語", "子ども", "歌"],
    },
    "o_tsuyaku": {
        "kind": "skill", "direction": "offer", "category": "languages", "language": "ja",
        "area": "本町", "spoken_languages": ["ja", "vi"], "owner": "vn_interpreter",
        "title": "ベトナム語の通訳をします",
        "description": "日本に来て12年になります。病院の受診、学校の面談、"
                       "銀行などで通訳が必要な方に同行します。",
        "tags": ["通訳", "ベトナム語", "tiếng Việt"],
    },
    # ---------------------------------------------------------------- newcomers: requests
    # Cross-language: English, for help with city-hall paperwork.
    "r_en_cityhall": {
        "kind": "skill", "direction": "request", "category": "newcomers", "language": "en",
        "area": "駅前", "spoken_languages": ["en"], "owner": "us_newcomer",
        "title": "Help with forms at the city office",
        "description": "We just moved here and need to register our address, join the health "
                       "insurance and get a child allowance. The forms are all in Japanese. "
                       "Could someone come with me?",
        "tags": ["city hall", "paperwork", "moving in"],
    },
    # Cross-language: Vietnamese, how to sort the rubbish.
    "r_vi_gomi": {
        "kind": "skill", "direction": "request", "category": "newcomers", "language": "vi",
        "area": "南町", "spoken_languages": ["vi"], "owner": "vn_family",
        "title": "Cách phân loại rác ở đây",
        "description": "Hàng xóm nói tôi bỏ rác sai ngày. Tôi cần người giải thích cách phân loại "
                       "rác và lịch thu gom của khu phố.",
        "tags": ["rác", "phân loại"],
    },
    # Cross-language: Portuguese, school notices.
    "r_pt_school": {
        "kind": "skill", "direction": "request", "category": "newcomers", "language": "pt",
        "area": "城東", "spoken_languages": ["pt"], "owner": "brazil_mother",
        "title": "Ajuda para entender os bilhetes da escola",
        "description": "Meu filho entrou na escola primária e traz muitos papéis em japonês. "
                       "Não sei o que preciso assinar ou levar. Alguém pode me ajudar?",
        "tags": ["escola", "filho"],
    },
    # Cross-language and cross-category: Vietnamese, an interpreter at the doctor's, asked under
    # newcomers; the offer is under languages, and the hospital escort under welfare must lose.
    "r_vi_interpreter": {
        "kind": "skill", "direction": "request", "category": "newcomers", "language": "vi",
        "area": "本町", "spoken_languages": ["vi"], "owner": "vn_pregnant",
        "title": "Cần người phiên dịch khi đi khám thai",
        "description": "Tôi đang mang thai 5 tháng. Bác sĩ nói nhanh nên tôi không hiểu. "
                       "Tôi cần người đi cùng và dịch giúp.",
        "tags": ["phiên dịch", "bệnh viện", "mang thai"],
    },
    # ---------------------------------------------------------------- newcomers: offers
    "o_cityhall": {
        "kind": "skill", "direction": "offer", "category": "newcomers", "language": "ja",
        "area": "駅前", "spoken_languages": ["ja", "en"], "owner": "kokusai",
        "title": "市役所の手続きに同行します（英語OK）",
        "description": "転入届、国民健康保険、児童手当など、市役所での手続きに"
                       "ボランティアが一緒に行き、書類の書き方をお手伝いします。",
        "tags": ["市役所", "手続き", "転入", "city hall", "registration"],
    },
    "o_gomi": {
        "kind": "skill", "direction": "offer", "category": "newcomers", "language": "ja",
        "area": "南町", "spoken_languages": ["ja", "vi", "en"], "owner": "minami_chief",
        "title": "ごみの出し方、説明します",
        "description": "町内会の役員です。燃えるごみ・資源ごみの分け方や収集日を、"
                       "絵のついた一覧表で説明します。ベトナム語の表もあります。",
        "tags": ["ごみ", "分別", "収集日"],
    },
    "o_school_notice": {
        "kind": "skill", "direction": "offer", "category": "newcomers", "language": "ja",
        "area": "城東", "spoken_languages": ["ja", "pt"], "owner": "nikkei_volunteer",
        "title": "学校のお便りを読むお手伝い",
        "description": "日系ブラジル人の母です。学校や保育園から来るお知らせ、"
                       "提出する書類、持ち物を一緒に確認します。ポルトガル語で説明できます。",
        "tags": ["学校", "お便り", "保護者", "português"],
    },
    "o_newcomer_tea": {
        "kind": "activity", "direction": "offer", "category": "newcomers", "language": "ja",
        "area": "本町", "spoken_languages": ["ja", "en"], "owner": "kokusai",
        "title": "移住者のお茶会",
        "description": "この町に引っ越してきた方、外国から来た方、誰でもどうぞ。"
                       "お茶を飲みながら、暮らしの情報を交換しましょう。",
        "tags": ["移住", "交流", "お茶会"],
    },
    "o_housing": {
        "kind": "skill", "direction": "offer", "category": "newcomers", "language": "ja",
        "area": "川端", "spoken_languages": ["ja"], "owner": "realtor_retired",
        "title": "住まい探しの相談",
        "description": "空き家バンクや市営住宅の申し込み方など、移住を考えている方の"
                       "住まい探しの相談に乗ります。",
        "tags": ["住まい", "空き家バンク", "移住"],
    },
    # ---------------------------------------------------------------- goods-children: requests
    "r_randoseru": {
        "kind": "item", "direction": "request", "category": "goods-children", "language": "ja",
        "area": "北山", "spoken_languages": ["ja"], "owner": "kitayama_mother",
        "title": "来春入学、ランドセルを探しています",
        "description": "来年の4月に息子が小学校に入ります。使わなくなったランドセルが"
                       "あれば譲っていただけませんか。色は問いません。",
        "tags": ["ランドセル", "入学"],
    },
    # Text only: ベビーカー against チャイルドシート, same category and kind.
    "r_babycar": {
        "kind": "item", "direction": "request", "category": "goods-children", "language": "ja",
        "area": "川端", "spoken_languages": ["ja"], "owner": "kawabata_mother",
        "title": "軽いベビーカーがほしい",
        "description": "生後4か月の子がいます。バスに乗るとき畳める、軽いA型のベビーカーを"
                       "探しています。",
        "tags": ["ベビーカー", "乳児"],
    },
    # Text only: チャイルドシート against ベビーカー and the bicycle child seat.
    "r_childseat": {
        "kind": "item", "direction": "request", "category": "goods-children", "language": "ja",
        "area": "城山", "spoken_languages": ["ja"], "owner": "shiroyama_father",
        "title": "車用のチャイルドシートを譲ってください",
        "description": "里帰りする娘と孫を車で迎えに行くのに必要です。"
                       "1歳の孫が乗れるものを探しています。",
        "tags": ["チャイルドシート", "車"],
    },
    "r_seifuku": {
        "kind": "item", "direction": "request", "category": "goods-children", "language": "ja",
        "area": "西野", "spoken_languages": ["ja"], "owner": "nishino_father",
        "title": "西中の男子制服（165cm）",
        "description": "息子の背が急に伸びて、学生服が入らなくなりました。"
                       "西野中学校の男子用、165cmくらいのものがあれば助かります。",
        "tags": ["制服", "中学校", "学生服"],
    },
    # Cross-language: Vietnamese, winter clothes for a child; a summer-clothes offer must lose.
    "r_vi_kids_winter": {
        "kind": "item", "direction": "request", "category": "goods-children", "language": "vi",
        "area": "駅前", "spoken_languages": ["vi"], "owner": "vn_mother",
        "title": "Áo ấm mùa đông cho bé 5 tuổi",
        "description": "Con tôi lần đầu trải qua mùa đông ở Nhật. Tôi cần áo khoác dày, "
                       "găng tay và mũ cho bé khoảng 110 cm.",
        "tags": ["áo khoác", "mùa đông", "trẻ em"],
    },
    # Cross-language: English, a child seat for a bicycle; the car child seat must lose.
    "r_en_bike_seat": {
        "kind": "item", "direction": "request", "category": "goods-children", "language": "en",
        "area": "本町", "spoken_languages": ["en"], "owner": "uk_father",
        "title": "Child seat for the back of a bicycle",
        "description": "I take my 3-year-old to nursery by bike and need a rear seat that fits "
                       "a normal city bike. Happy to pick it up.",
        "tags": ["bike", "child seat", "nursery"],
    },
    # ---------------------------------------------------------------- goods-children: offers
    "o_randoseru": {
        "kind": "item", "direction": "offer", "category": "goods-children", "language": "ja",
        "area": "北山", "spoken_languages": ["ja"], "owner": "kitayama_grandpa",
        "title": "ランドセルお譲りします（紺）",
        "description": "孫が6年間使った紺色のランドセルです。角に少し傷がありますが、"
                       "まだまだ使えます。",
        "tags": ["ランドセル", "小学生"],
    },
    "o_babycar": {
        "kind": "item", "direction": "offer", "category": "goods-children", "language": "ja",
        "area": "川端", "spoken_languages": ["ja"], "owner": "kawabata_family",
        "title": "ベビーカー（A型・軽量）",
        "description": "生後1か月から使えるA型です。片手で畳めて4kg台と軽く、"
                       "バスや電車でも楽でした。",
        "tags": ["ベビーカー", "A型"],
    },
    "o_childseat": {
        "kind": "item", "direction": "offer", "category": "goods-children", "language": "ja",
        "area": "城山", "spoken_languages": ["ja"], "owner": "shiroyama_mother",
        "title": "チャイルドシート（新生児〜4歳）",
        "description": "回転式のチャイルドシートです。ISOFIXで車に取り付けます。"
                       "カバーは洗ってあります。",
        "tags": ["チャイルドシート", "ISOFIX", "車"],
    },
    "o_bike_kids_seat": {
        "kind": "item", "direction": "offer", "category": "goods-children", "language": "ja",
        "area": "駅前", "spoken_languages": ["ja", "en"], "owner": "ekimae_mother2",
        "title": "自転車の後ろ用子ども乗せ",
        "description": "自転車の荷台に付ける子ども乗せです。1歳から6歳くらいまで。"
                       "下の子が卒業したのでお譲りします。English OK.",
        "tags": ["自転車", "子ども乗せ", "bicycle", "kids seat"],
    },
    "o_seifuku": {
        "kind": "item", "direction": "offer", "category": "goods-children", "language": "ja",
        "area": "西野", "spoken_languages": ["ja"], "owner": "nishino_mother2",
        "title": "西野中の学生服（男子）上下",
        "description": "卒業した息子の学生服です。170cmと165cmの2着、ズボン2本。"
                       "クリーニング済みです。",
        "tags": ["学生服", "西野中学校", "制服"],
    },
    "o_kids_winter": {
        "kind": "item", "direction": "offer", "category": "goods-children", "language": "ja",
        "area": "駅前", "spoken_languages": ["ja"], "owner": "ekimae_grandma",
        "title": "子どもの冬物（ジャンパー・手袋）110〜120",
        "description": "中綿のジャンパー2枚、スノーブーツ、手袋と帽子のセットです。"
                       "雪の日も暖かく過ごせます。",
        "tags": ["冬服", "ジャンパー", "子ども服", "winter clothes"],
    },
    "o_kids_summer": {
        "kind": "item", "direction": "offer", "category": "goods-children", "language": "ja",
        "area": "南町", "spoken_languages": ["ja"], "owner": "minami_mother2",
        "title": "子ども服（夏物）100〜120をまとめて",
        "description": "Tシャツや半ズボン、水着など夏物を30枚ほど。男の子用です。",
        "tags": ["子ども服", "夏物"],
    },
    "o_picture_books": {
        "kind": "item", "direction": "offer", "category": "goods-children", "language": "ja",
        "area": "本町", "spoken_languages": ["ja"], "owner": "honmachi_mother",
        "title": "絵本を40冊まとめてお譲りします",
        "description": "0〜5歳向けの絵本です。子どもが大きくなったので、"
                       "読んでくれるご家庭へ。",
        "tags": ["絵本", "幼児"],
    },
    # ---------------------------------------------------------------- goods: requests
    # Cross-language: English, an adult's bicycle; the offer is in Japanese, tagged in both.
    "r_en_bicycle": {
        "kind": "item", "direction": "request", "category": "goods-other", "language": "en",
        "area": "西野", "spoken_languages": ["en"], "owner": "au_trainee",
        "title": "Looking for a used bicycle",
        "description": "I started work at the food factory and the bus doesn't run early enough. "
                       "Any adult bike that rides is fine, I can fix small things.",
        "tags": ["bicycle", "commute"],
    },
    # Cross-language: English, warm clothes for an adult from the Philippines.
    "r_en_winter_coat": {
        "kind": "item", "direction": "request", "category": "goods-other", "language": "en",
        "area": "南町", "spoken_languages": ["en", "tl"], "owner": "ph_nurse",
        "title": "Warm coat for my first winter",
        "description": "I came from Manila in October and I have never needed a heavy jacket. "
                       "Women's size M, anything warm would help.",
        "tags": ["coat", "winter", "women"],
    },
    # Text only: こたつ against the oil heater in the same category.
    "r_kotatsu": {
        "kind": "item", "direction": "request", "category": "goods-home", "language": "ja",
        "area": "城東", "spoken_languages": ["ja"], "owner": "joto_student",
        "title": "一人用のこたつがほしい",
        "description": "アパートで冬を越すのは初めてです。小さいこたつがあれば、"
                       "布団なしでもかまいません。",
        "tags": ["こたつ", "冬"],
    },
    # ---------------------------------------------------------------- goods: offers
    "o_bicycle": {
        "kind": "item", "direction": "offer", "category": "goods-other", "language": "ja",
        "area": "西野", "spoken_languages": ["ja", "en"], "owner": "nishino_grandpa",
        "title": "大人用自転車をお譲りします（27インチ）",
        "description": "通勤に使っていた27インチのシティサイクルです。変速付き、"
                       "タイヤは去年交換しました。防犯登録の手続きも一緒にします。",
        "tags": ["自転車", "bicycle", "通勤"],
    },
    "o_winter_coat": {
        "kind": "item", "direction": "offer", "category": "goods-other", "language": "ja",
        "area": "南町", "spoken_languages": ["ja"], "owner": "minami_lady",
        "title": "女性用ダウンコート（M）",
        "description": "ひざ丈のダウンコートと、ウールのコートがあります。どちらもMサイズ。"
                       "2〜3回しか着ていません。",
        "tags": ["コート", "ダウン", "冬物", "women's coat"],
    },
    "o_kotatsu": {
        "kind": "item", "direction": "offer", "category": "goods-home", "language": "ja",
        "area": "城東", "spoken_languages": ["ja"], "owner": "joto_family",
        "title": "こたつ（60cm角）とこたつ布団",
        "description": "一人暮らし用の小さなこたつです。布団と敷物も付けます。",
        "tags": ["こたつ", "家具"],
    },
    "o_heater": {
        "kind": "item", "direction": "offer", "category": "goods-home", "language": "ja",
        "area": "城東", "spoken_languages": ["ja"], "owner": "joto_uncle",
        "title": "石油ストーブ譲ります",
        "description": "木造8畳まで暖まる石油ストーブです。上でお湯も沸かせます。"
                       "灯油は抜いてあります。",
        "tags": ["ストーブ", "暖房", "冬"],
    },
    "o_fridge": {
        "kind": "item", "direction": "offer", "category": "goods-home", "language": "ja",
        "area": "駅前", "spoken_languages": ["ja"], "owner": "ekimae_mover",
        "title": "2ドア冷蔵庫（一人暮らし向け）",
        "description": "転勤のため手放します。138L、2019年製。取りに来られる方に。",
        "tags": ["冷蔵庫", "家電"],
    },
    "o_desk": {
        "kind": "item", "direction": "offer", "category": "goods-home", "language": "ja",
        "area": "川端", "spoken_languages": ["ja"], "owner": "kawabata_grandma",
        "title": "学習机と椅子",
        "description": "子どもが使っていた学習机と椅子のセットです。引き出しの鍵もあります。",
        "tags": ["学習机", "家具"],
    },
    # ---------------------------------------------------------------- food: requests
    "r_cooking": {
        "kind": "activity", "direction": "request", "category": "food", "language": "ja",
        "area": "本町", "spoken_languages": ["ja"], "owner": "honmachi_widower",
        "title": "定年後、自分でご飯を作れるようになりたい",
        "description": "妻に任せきりで、みそ汁も作ったことがありません。"
                       "初心者でも参加できる料理の集まりはありませんか。",
        "tags": ["料理", "初心者", "男性"],
    },
    "r_soba": {
        "kind": "activity", "direction": "request", "category": "food", "language": "ja",
        "area": "城山", "spoken_languages": ["ja"], "owner": "shiroyama_kids_club",
        "title": "子ども会でそば打ちをやってみたい",
        "description": "冬休みの行事に、子どもたちが自分でそばを打って食べる体験を"
                       "したいと考えています。教えてくださる方を探しています。",
        "tags": ["そば", "子ども会", "冬休み"],
    },
    # Cross-category: a kitchen for a cooking circle asked under 趣味・サークル; the 調理室
    # is under 食・料理 and the 和室 (hobbies, a space too) must lose.
    "r_kitchen_space": {
        "kind": "space", "direction": "request", "category": "hobbies", "language": "ja",
        "area": "本町", "spoken_languages": ["ja"], "owner": "curry_circle",
        "title": "料理サークルで使える部屋を探しています",
        "description": "8人ほどの料理好きの集まりです。月に一度、コンロと流し台があって"
                       "みんなで作って食べられる場所を貸していただけませんか。",
        "tags": ["サークル", "料理", "部屋"],
    },
    # ---------------------------------------------------------------- food: offers
    "o_cooking_class": {
        "kind": "activity", "direction": "offer", "category": "food", "language": "ja",
        "area": "本町", "spoken_languages": ["ja"], "owner": "center",
        "title": "男の料理教室（初心者歓迎）",
        "description": "包丁の持ち方、ご飯の炊き方、みそ汁と簡単なおかずから始めます。"
                       "毎月第1・第3土曜、ふれあいセンター調理室で。",
        "tags": ["料理教室", "初心者", "男性"],
    },
    "o_soba": {
        "kind": "activity", "direction": "offer", "category": "food", "language": "ja",
        "area": "城山", "spoken_languages": ["ja"], "owner": "soba_club",
        "title": "そば打ち体験、出張します",
        "description": "そば打ち愛好会です。道具一式を持って伺い、"
                       "こね方から切り方まで、子どもさんにも体験していただけます。",
        "tags": ["そば打ち", "体験", "出張"],
    },
    "o_bread": {
        "kind": "activity", "direction": "offer", "category": "food", "language": "ja",
        "area": "川端", "spoken_languages": ["ja"], "owner": "bread_lover",
        "title": "手作りパン教室",
        "description": "天然酵母のパンを一緒に焼きましょう。自宅のキッチンで4名まで。",
        "tags": ["パン", "教室"],
    },
    "o_vi_cooking": {
        "kind": "skill", "direction": "offer", "category": "food", "language": "vi",
        "area": "駅前", "spoken_languages": ["vi", "ja"], "owner": "vn_cook",
        "title": "Dạy nấu phở và gỏi cuốn",
        "description": "Tôi có thể dạy nấu món ăn Việt Nam cho người Nhật. "
                       "ベトナム料理を教えます。",
        "tags": ["ベトナム料理", "món Việt"],
    },
    "o_kitchen_room": {
        "kind": "space", "direction": "offer", "category": "food", "language": "ja",
        "area": "本町", "spoken_languages": ["ja"], "owner": "center",
        "title": "調理室の貸し出し",
        "description": "ガスコンロ4台、調理台、冷蔵庫、食器があります。"
                       "料理教室や子ども食堂の準備にお使いください。1回500円。",
        "tags": ["調理室", "キッチン", "貸室"],
        "location": _near("本町", 0, -1),
    },
    "o_kodomo_shokudo": {
        "kind": "activity", "direction": "offer", "category": "food", "language": "ja",
        "area": "南町", "spoken_languages": ["ja"], "owner": "shokudo_team",
        "title": "みなみ子ども食堂",
        "description": "毎月第2・第4金曜の夕方、子どもは無料、大人300円で温かい夕食を"
                       "用意しています。一人でも来てね。",
        "tags": ["子ども食堂", "夕食"],
    },
    # ---------------------------------------------------------------- nature-farming: requests
    # Kind: a plot to rent (space); the 家庭菜園 teacher (skill) in the same category must lose.
    "r_field_space": {
        "kind": "space", "direction": "request", "category": "nature-farming", "language": "ja",
        "area": "西野", "spoken_languages": ["ja"], "owner": "nishino_newcomer",
        "title": "家庭菜園ができる土地を借りたい",
        "description": "名古屋から越してきました。10坪ほどでいいので、"
                       "野菜を育てられる場所を貸していただけませんか。",
        "tags": ["家庭菜園", "土地", "移住"],
    },
    # Kind: someone to teach vegetable growing (skill); the plot to rent (space) must lose.
    "r_field_teach": {
        "kind": "skill", "direction": "request", "category": "nature-farming", "language": "ja",
        "area": "北山", "spoken_languages": ["ja"], "owner": "kitayama_beginner",
        "title": "畑の野菜づくりを教えてほしい",
        "description": "庭の一角を耕しましたが、何をいつ植えればいいのか分かりません。"
                       "土づくりや肥料のことを教えていただける方はいませんか。",
        "tags": ["畑", "野菜", "初心者"],
    },
    "r_taue": {
        "kind": "activity", "direction": "request", "category": "nature-farming",
        "language": "ja", "area": "南町", "spoken_languages": ["ja"], "owner": "minami_family",
        "title": "親子で田植えを体験したい",
        "description": "都会育ちで、子どもに米づくりを見せたことがありません。"
                       "田んぼに入れる機会があれば参加したいです。",
        "tags": ["田んぼ", "親子", "米"],
    },
    # Text only: seedlings against the vegetables given away in the same category and kind.
    "r_nae": {
        "kind": "item", "direction": "request", "category": "nature-farming", "language": "ja",
        "area": "川端", "spoken_languages": ["ja"], "owner": "kawabata_gardener",
        "title": "トマトとナスの苗を分けてください",
        "description": "プランターで夏野菜を育ててみたいです。余った苗があれば"
                       "数本ずつ分けていただけると嬉しいです。",
        "tags": ["苗", "トマト", "ナス"],
    },
    "r_tiller": {
        "kind": "item", "direction": "request", "category": "nature-farming", "language": "ja",
        "area": "城山", "spoken_languages": ["ja"], "owner": "shiroyama_farmer",
        "title": "春に数日、耕運機を借りたい",
        "description": "父から引き継いだ畑を耕したいのですが、機械が壊れてしまいました。"
                       "小型のものを数日お借りできませんか。",
        "tags": ["耕運機", "畑"],
    },
    # ---------------------------------------------------------------- nature-farming: offers
    "o_field_rent": {
        "kind": "space", "direction": "offer", "category": "nature-farming", "language": "ja",
        "area": "西野", "spoken_languages": ["ja"], "owner": "nishino_farmer",
        "title": "畑を区画で貸します（1区画30㎡）",
        "description": "使っていない畑を区画に分けてお貸しします。水道あり、"
                       "農具も置いてあります。年間3,000円。",
        "tags": ["畑", "貸し農園", "区画"],
        "location": _near("西野", -1, 1),
    },
    "o_field_teach": {
        "kind": "skill", "direction": "offer", "category": "nature-farming", "language": "ja",
        "area": "北山", "spoken_languages": ["ja"], "owner": "kitayama_farmer",
        "title": "家庭菜園の始め方、教えます",
        "description": "40年農業をしてきました。土の作り方、肥料、植え付けの時期、"
                       "病気や虫の対策まで、実際の畑でお教えします。",
        "tags": ["家庭菜園", "農業", "指導"],
    },
    "o_taue": {
        "kind": "activity", "direction": "offer", "category": "nature-farming",
        "language": "ja", "area": "南町", "spoken_languages": ["ja"], "owner": "rice_farmers",
        "title": "田植え・稲刈り体験（親子歓迎）",
        "description": "5月の田植えと9月の稲刈りを、はだしで体験しませんか。"
                       "秋にはとれたお米をお配りします。",
        "tags": ["田植え", "稲刈り", "体験"],
    },
    "o_yasai": {
        "kind": "item", "direction": "offer", "category": "nature-farming", "language": "ja",
        "area": "川端", "spoken_languages": ["ja"], "owner": "kawabata_farmer",
        "title": "採れすぎたトマトとナス、どうぞ",
        "description": "畑でトマトとナスがたくさん採れました。食べきれないので、"
                       "取りに来られる方にお分けします。",
        "tags": ["野菜", "おすそわけ", "トマト"],
    },
    "o_nae": {
        "kind": "item", "direction": "offer", "category": "nature-farming", "language": "ja",
        "area": "川端", "spoken_languages": ["ja"], "owner": "seedling_grower",
        "title": "夏野菜の苗、余っています",
        "description": "種から育てたミニトマト、ナス、ピーマン、キュウリの苗です。"
                       "プランターでも育てられます。1人5本まで。",
        "tags": ["苗", "夏野菜", "プランター"],
    },
    "o_tiller": {
        "kind": "item", "direction": "offer", "category": "nature-farming", "language": "ja",
        "area": "城山", "spoken_languages": ["ja"], "owner": "shiroyama_farmer2",
        "title": "小型耕運機お貸しします",
        "description": "家庭菜園向けの小型耕運機です。燃料を入れて返していただければ、"
                       "数日お貸しします。使い方も説明します。",
        "tags": ["耕運機", "農機具", "貸し出し"],
    },
    # ---------------------------------------------------------------- hobbies: requests
    # Text only: 将棋 against 囲碁.
    "r_shogi": {
        "kind": "skill", "direction": "request", "category": "hobbies", "language": "ja",
        "area": "本町", "spoken_languages": ["ja"], "owner": "honmachi_shogi_fan",
        "title": "将棋の相手をしてくれる方",
        "description": "退職してから一人で詰将棋ばかりしています。"
                       "実際に盤をはさんで指してくださる方を探しています。",
        "tags": ["将棋", "対局"],
    },
    # Text only: 囲碁 against 将棋.
    "r_igo": {
        "kind": "skill", "direction": "request", "category": "hobbies", "language": "ja",
        "area": "城東", "spoken_languages": ["ja"], "owner": "joto_igo_fan",
        "title": "囲碁を一から覚えたい",
        "description": "孫が囲碁を始めたので、一緒に打てるようになりたいです。"
                       "ルールから教えてくださる方はいませんか。",
        "tags": ["囲碁", "初心者"],
    },
    # Text only: ギター against ピアノ.
    "r_guitar": {
        "kind": "skill", "direction": "request", "category": "hobbies", "language": "ja",
        "area": "駅前", "spoken_languages": ["ja"], "owner": "ekimae_salaryman",
        "title": "アコースティックギターを習いたい",
        "description": "学生のころに買ったギターが押し入れに眠っています。"
                       "コードを押さえて弾き語りができるようになりたいです。",
        "tags": ["ギター", "弾き語り"],
    },
    # Kind and text: a 和室 for a circle; the 調理室 (space) and the 健康麻雀 (activity) lose.
    "r_washitsu": {
        "kind": "space", "direction": "request", "category": "hobbies", "language": "ja",
        "area": "本町", "spoken_languages": ["ja"], "owner": "shigin_circle",
        "title": "詩吟の会の練習場所",
        "description": "12人ほどで週に一度、声を出して練習しています。"
                       "畳の部屋で、声を出しても迷惑にならない場所を探しています。",
        "tags": ["詩吟", "練習場所", "サークル"],
    },
    # ---------------------------------------------------------------- hobbies: offers
    "o_shogi": {
        "kind": "skill", "direction": "offer", "category": "hobbies", "language": "ja",
        "area": "本町", "spoken_languages": ["ja"], "owner": "shogi_club",
        "title": "将棋、指しましょう（アマ三段）",
        "description": "初心者から有段者まで、どなたとでも対局します。"
                       "駒の動かし方からでも大丈夫です。公民館の和室で。",
        "tags": ["将棋", "対局", "公民館"],
    },
    "o_igo": {
        "kind": "skill", "direction": "offer", "category": "hobbies", "language": "ja",
        "area": "城東", "spoken_languages": ["ja"], "owner": "igo_club",
        "title": "囲碁の手ほどきをします",
        "description": "囲碁歴50年です。九路盤を使って、石の取り方から"
                       "やさしくお教えします。お子さんも歓迎。",
        "tags": ["囲碁", "碁", "入門"],
    },
    "o_guitar": {
        "kind": "skill", "direction": "offer", "category": "hobbies", "language": "ja",
        "area": "駅前", "spoken_languages": ["ja"], "owner": "guitar_teacher",
        "title": "ギター教えます（フォーク・弾き語り）",
        "description": "フォークギター歴30年。基本のコードから、好きな曲を"
                       "歌いながら弾けるようになるまでお付き合いします。",
        "tags": ["ギター", "フォーク", "音楽"],
    },
    "o_piano": {
        "kind": "skill", "direction": "offer", "category": "hobbies", "language": "ja",
        "area": "駅前", "spoken_languages": ["ja"], "owner": "piano_teacher",
        "title": "大人のピアノレッスン",
        "description": "楽譜が読めなくても大丈夫です。好きな曲を弾けるようになるまで、"
                       "自宅のピアノで丁寧に教えます。",
        "tags": ["ピアノ", "音楽", "大人"],
    },
    "o_washitsu": {
        "kind": "space", "direction": "offer", "category": "hobbies", "language": "ja",
        "area": "本町", "spoken_languages": ["ja"], "owner": "center",
        "title": "ふれあいセンターの和室を貸します",
        "description": "12畳の和室です。座卓と座布団があります。"
                       "サークル活動や集まりにご利用ください。1回500円。",
        "tags": ["和室", "貸し部屋", "サークル"],
        "location": _near("本町", 0, -1),
    },
    "o_mahjong": {
        "kind": "activity", "direction": "offer", "category": "hobbies", "language": "ja",
        "area": "本町", "spoken_languages": ["ja"], "owner": "mahjong_club",
        "title": "健康麻雀の会",
        "description": "お酒なし、たばこなし、かけなしの麻雀です。"
                       "毎週火曜の午後、センターの和室で。",
        "tags": ["麻雀", "健康", "脳トレ"],
    },
    # ---------------------------------------------------------------- sports-health
    "r_walking": {
        "kind": "activity", "direction": "request", "category": "sports-health",
        "language": "ja", "area": "川端", "spoken_languages": ["ja"], "owner": "kawabata_retiree",
        "title": "朝、一緒に歩く仲間がほしい",
        "description": "医者から毎日歩くように言われました。一人だと続かないので、"
                       "朝に川沿いを歩く仲間を探しています。",
        "tags": ["健康", "朝", "仲間"],
    },
    "o_walking": {
        "kind": "activity", "direction": "offer", "category": "sports-health",
        "language": "ja", "area": "川端", "spoken_languages": ["ja"], "owner": "walking_club",
        "title": "川端ウォーキングの会",
        "description": "毎朝7時に川端公園に集まり、堤防を40分ほど歩きます。"
                       "自分のペースでどうぞ。",
        "tags": ["ウォーキング", "散歩", "健康づくり"],
    },
    "o_taiso": {
        "kind": "activity", "direction": "offer", "category": "sports-health",
        "language": "ja", "area": "城東", "spoken_languages": ["ja"], "owner": "joto_taiso",
        "title": "朝のラジオ体操",
        "description": "毎朝6時半から、城東公園でラジオ体操をしています。"
                       "夏休みは子どもたちも来ます。",
        "tags": ["ラジオ体操", "朝", "健康"],
    },
    "o_yoga": {
        "kind": "activity", "direction": "offer", "category": "sports-health",
        "language": "ja", "area": "駅前", "spoken_languages": ["ja", "en"], "owner": "yoga_teacher",
        "title": "シニアのためのいすヨガ",
        "description": "いすに座ったままできるヨガです。肩こりや腰痛の予防に。"
                       "毎週木曜の午前、駅前集会所で。",
        "tags": ["ヨガ", "シニア", "健康"],
    },
    # ---------------------------------------------------------------- other categories: offers
    "o_bousai": {
        "kind": "activity", "direction": "offer", "category": "disaster-safety",
        "language": "ja", "area": "北山", "spoken_languages": ["ja"], "owner": "bousai_team",
        "title": "防災訓練と非常食づくり",
        "description": "自主防災会の訓練です。消火器の使い方や避難所の開け方、"
                       "ポリ袋でご飯を炊く練習をします。",
        "tags": ["防災", "訓練", "非常食"],
    },
    "o_cleanup": {
        "kind": "activity", "direction": "offer", "category": "volunteering",
        "language": "ja", "area": "川端", "spoken_languages": ["ja"], "owner": "river_team",
        "title": "川辺のごみ拾い",
        "description": "毎月第2日曜の朝、川端公園のまわりを清掃します。"
                       "軍手とごみ袋は用意します。",
        "tags": ["清掃", "ボランティア"],
    },
    "o_legal_advice": {
        "kind": "skill", "direction": "offer", "category": "consultation",
        "language": "ja", "area": "本町", "spoken_languages": ["ja"], "owner": "shakyo",
        "title": "暮らしの困りごと相談（無料）",
        "description": "相続、借金、ご近所とのトラブルなど、どこに相談すればいいか"
                       "分からないことを一緒に整理します。",
        "tags": ["相談", "困りごと"],
    },
}
# fmt: on

# (request key, the offers that answer it: any one of them counts), by category of the request.
PAIRS: list[tuple[str, tuple[str, ...]]] = [
    ("r_line", ("o_smartphone",)),
    ("r_printer", ("o_pc_help",)),
    ("r_excel", ("o_office_teach",)),
    ("r_videocall", ("o_video_call",)),
    ("r_shuji_kids", ("o_shodo",)),
    ("r_ichiji", ("o_ichiji",)),
    ("r_pickup", ("o_pickup",)),
    ("r_homework", ("o_homework",)),
    ("r_storytime", ("o_storytime",)),
    ("r_escort", ("o_tsuin",)),
    ("r_kusakari", ("o_kusakari",)),
    ("r_yukikaki", ("o_yukikaki",)),
    ("r_moving", ("o_moving",)),
    ("r_shopping", ("o_kaimono",)),
    ("r_puncture", ("o_bike_repair",)),
    ("r_hanashi", ("o_hanashi",)),
    ("r_wheelchair", ("o_wheelchair",)),
    ("r_care_bed", ("o_care_bed",)),
    ("r_care_advice", ("o_care_advice",)),
    ("r_pt_japanese", ("o_nihongo_class", "o_nihongo_tutor")),
    ("r_vi_japanese", ("o_nihongo_class", "o_nihongo_tutor")),
    ("r_en_conversation", ("o_nihongo_partner", "o_nihongo_tutor")),
    ("r_zh_japanese", ("o_nihongo_tutor",)),
    ("r_tl_japanese", ("o_nihongo_class", "o_nihongo_tutor")),
    ("r_ne_japanese", ("o_nihongo_class", "o_nihongo_tutor")),
    ("r_eikaiwa", ("o_eikaiwa",)),
    ("r_ja_portuguese", ("o_pt_aulas",)),
    ("r_en_cityhall", ("o_cityhall",)),
    ("r_vi_gomi", ("o_gomi",)),
    ("r_pt_school", ("o_school_notice",)),
    ("r_vi_interpreter", ("o_tsuyaku",)),
    ("r_randoseru", ("o_randoseru",)),
    ("r_babycar", ("o_babycar",)),
    ("r_childseat", ("o_childseat",)),
    ("r_seifuku", ("o_seifuku",)),
    ("r_vi_kids_winter", ("o_kids_winter",)),
    ("r_en_bike_seat", ("o_bike_kids_seat",)),
    ("r_en_bicycle", ("o_bicycle",)),
    ("r_en_winter_coat", ("o_winter_coat",)),
    ("r_kotatsu", ("o_kotatsu",)),
    ("r_cooking", ("o_cooking_class",)),
    ("r_soba", ("o_soba",)),
    ("r_kitchen_space", ("o_kitchen_room",)),
    ("r_field_space", ("o_field_rent",)),
    ("r_field_teach", ("o_field_teach",)),
    ("r_taue", ("o_taue",)),
    ("r_nae", ("o_nae",)),
    ("r_tiller", ("o_tiller",)),
    ("r_shogi", ("o_shogi",)),
    ("r_igo", ("o_igo",)),
    ("r_guitar", ("o_guitar",)),
    ("r_washitsu", ("o_washitsu",)),
    ("r_walking", ("o_walking",)),
]

# Requests whose right offers are all in another category than the request.
CROSS_CATEGORY = {
    "r_shuji_kids",
    "r_escort",
    "r_ne_japanese",
    "r_vi_interpreter",
    "r_kitchen_space",
}

# Requests whose right offers are all written in another language than the request.
CROSS_LANGUAGE = {
    "r_pt_japanese",
    "r_vi_japanese",
    "r_en_conversation",
    "r_zh_japanese",
    "r_tl_japanese",
    "r_ne_japanese",
    "r_ja_portuguese",
    "r_en_cityhall",
    "r_vi_gomi",
    "r_pt_school",
    "r_vi_interpreter",
    "r_vi_kids_winter",
    "r_en_bike_seat",
    "r_en_bicycle",
    "r_en_winter_coat",
}

# Requests with a wrong offer of the same category and kind as the right one: text decides.
TEXT_ONLY = {
    "r_babycar",
    "r_childseat",
    "r_shogi",
    "r_igo",
    "r_guitar",
    "r_kotatsu",
    "r_nae",
}

TOP = 10


def create_labelled_listings() -> dict[str, Listing]:
    """Create one resident per owner key and every listing of ``LISTINGS``, published (at
    times spread over the last 30 days, expiring in 30 days) and indexed by their post_save;
    return key → Listing. Needs the default categories (a data migration creates them)."""
    from tests.factories import UserFactory  # factory_boy: a development dependency

    categories = {category.slug: category for category in Category.objects.all()}
    owner_listings: dict[str, list[dict]] = {}
    for data in LISTINGS.values():
        owner_listings.setdefault(data["owner"], []).append(data)
    owners = {
        key: UserFactory(
            profile__display_name=key,
            profile__area=listed[0]["area"],
            profile__spoken_languages=sorted(
                {code for data in listed for code in data["spoken_languages"]}
            ),
        )
        for key, listed in owner_listings.items()
    }
    now = timezone.now()
    created = {}
    for position, (key, data) in enumerate(LISTINGS.items()):
        latitude, longitude = data.get("location", (None, None))
        created[key] = Listing.objects.create(
            kind=data["kind"],
            direction=data["direction"],
            category=categories[data["category"]],
            title=data["title"],
            description=data["description"],
            tags=data["tags"],
            language=data["language"],
            area=data["area"],
            spoken_languages=data["spoken_languages"],
            latitude=latitude,
            longitude=longitude,
            owner=owners[data["owner"]],
            status="published",
            # A stride coprime with 720 scatters neighbours in the file over the 30 days.
            published_at=now - datetime.timedelta(hours=(position * 277) % (30 * 24)),
            expires_at=now + datetime.timedelta(days=30),
        )
    return created


class PairRank(NamedTuple):
    rank: int | None  # of the first right offer among the top ten, from 1; None when absent
    found: list[str]  # the keys of the offers ranked, best first ("#pk" for unlabelled ones)


# A ranking method: (request, limit) → offers, best first.
Ranker = Callable[[Listing, int], Sequence[Listing]]


def rank_with_engine(listing: Listing, limit: int) -> list[Listing]:
    """The matching engine's suggestions for ``listing``."""
    from matching.suggestions import suggestions_for_listing

    return [suggestion.listing for suggestion in suggestions_for_listing(listing, limit=limit)]


def evaluate(
    listings: dict[str, Listing], rank: Ranker = rank_with_engine
) -> tuple[float, float, dict[str, PairRank]]:
    """Rank the offers for each request of ``PAIRS`` (the engine by default) and return
    (hit@3, MRR over the top ten, request key → PairRank)."""
    keys = {listing.pk: key for key, listing in listings.items()}
    ranks = {}
    for request, right in PAIRS:
        found = [keys.get(offer.pk, f"#{offer.pk}") for offer in rank(listings[request], TOP)]
        found = found[:TOP]
        position = next((i for i, key in enumerate(found, 1) if key in right), None)
        ranks[request] = PairRank(position, found)
    hit_at_3 = sum(1 for r in ranks.values() if r.rank is not None and r.rank <= 3) / len(ranks)
    mrr = sum(1 / r.rank for r in ranks.values() if r.rank is not None) / len(ranks)
    return hit_at_3, mrr, ranks


def describe_misses(ranks: dict[str, PairRank], worse_than: int = 3) -> list[str]:
    """One line per pair whose right offer is not in the top ``worse_than``: its rank and the
    titles of the top three found."""
    lines = []
    right = dict(PAIRS)
    for request, result in ranks.items():
        if result.rank is not None and result.rank <= worse_than:
            continue
        top = [LISTINGS[key]["title"] if key in LISTINGS else key for key in result.found[:3]]
        lines.append(
            f"{request} ({LISTINGS[request]['title']}): rank {result.rank or '> ' + str(TOP)}"
            f" of {'/'.join(right[request])}; top 3: {top}"
        )
    return lines
