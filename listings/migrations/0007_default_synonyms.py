"""Data only: seed the coordinators' synonym dictionary with the groups search started with
(``listings.search.synonyms.DEFAULT_SYNONYM_GROUPS``, copied here so that later edits of that
constant do not change what this migration did)."""

from django.db import migrations

DEFAULT_SYNONYM_GROUPS = (
    ("子供", "子ども", "こども"),
    ("スマホ", "スマートフォン", "smartphone"),
    ("パソコン", "PC", "computer"),
    ("携帯", "ケータイ", "携帯電話"),
    ("お年寄り", "高齢者", "シニア"),
    ("ベトナム語", "tieng viet", "vietnamese"),
    ("ポルトガル語", "portugues", "portuguese"),
    ("日本語", "nihongo", "japanese"),
    ("中国語", "chinese"),
    ("タガログ語", "tagalog", "filipino"),
    ("ボランティア", "volunteer"),
    ("引っ越し", "引越し", "引越"),
)


def add_default_synonyms(apps, schema_editor):
    SynonymGroup = apps.get_model("listings", "SynonymGroup")
    if SynonymGroup.objects.exists():
        return
    SynonymGroup.objects.bulk_create(
        SynonymGroup(spellings="\n".join(group)) for group in DEFAULT_SYNONYM_GROUPS
    )


def remove_default_synonyms(apps, schema_editor):
    SynonymGroup = apps.get_model("listings", "SynonymGroup")
    SynonymGroup.objects.filter(
        spellings__in=["\n".join(group) for group in DEFAULT_SYNONYM_GROUPS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("listings", "0006_photos_areas_reports_synonyms_proxy")]

    operations = [migrations.RunPython(add_default_synonyms, remove_default_synonyms)]
