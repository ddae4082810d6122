"""Data only: add to the coordinators' synonym dictionary the words newcomers type in their own
languages for what residents offer in Japanese (日本語 = tiếng Nhật = 日语 = जापानी …), which is
how a request in one language finds an offer in another, in search and in matching. A spelling
shared with an existing group joins the two (``Synonyms``), so no group is edited here."""

from django.db import migrations

GROUPS = (
    ("日本語", "japones", "tieng nhat", "日语", "일본어", "जापानी", "wikang hapon"),
    ("通訳", "interpreter", "interpretation", "phien dich", "interprete", "口译", "통역"),
    ("翻訳", "translation", "dich thuat", "traducao", "翻译", "번역"),
    ("自転車", "bicycle", "bike", "xe dap", "bicicleta", "bisikleta", "自行车"),
    ("病院", "hospital", "benh vien", "医院", "병원"),
    ("市役所", "city hall", "prefeitura", "区役所", "市政府"),
    ("ごみ", "ゴミ", "garbage", "rubbish", "trash", "lixo", "垃圾"),
    ("ベビーカー", "stroller", "pushchair", "xe day em be", "carrinho de bebe"),
    ("チャイルドシート", "child seat", "car seat", "cadeirinha"),
)
NOTE = "Added with matching (multilingual)"


def add_groups(apps, schema_editor):
    SynonymGroup = apps.get_model("listings", "SynonymGroup")
    SynonymGroup.objects.bulk_create(
        SynonymGroup(spellings="\n".join(group), note=NOTE) for group in GROUPS
    )


def remove_groups(apps, schema_editor):
    apps.get_model("listings", "SynonymGroup").objects.filter(note=NOTE).delete()


class Migration(migrations.Migration):
    dependencies = [("listings", "0008_matching_candidate_indexes")]

    operations = [migrations.RunPython(add_groups, remove_groups)]
