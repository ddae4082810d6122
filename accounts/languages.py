"""Languages a resident can say they speak (BCP 47 codes), shown in the user's language."""

from django.utils.translation import gettext_lazy as _

# (code, name in the interface language, the language's own name)
SPOKEN_LANGUAGES = [
    ("ja", _("Japanese"), "日本語"),
    ("en", _("English"), "English"),
    ("zh", _("Chinese"), "中文"),
    ("ko", _("Korean"), "한국어"),
    ("vi", _("Vietnamese"), "Tiếng Việt"),
    ("tl", _("Filipino (Tagalog)"), "Filipino"),
    ("pt", _("Portuguese"), "Português"),
    ("es", _("Spanish"), "Español"),
    ("ne", _("Nepali"), "नेपाली"),
    ("id", _("Indonesian"), "Bahasa Indonesia"),
    ("my", _("Burmese"), "မြန်မာ"),
    ("th", _("Thai"), "ไทย"),
    ("hi", _("Hindi"), "हिन्दी"),
    ("fr", _("French"), "Français"),
    ("de", _("German"), "Deutsch"),
    ("jsl", _("Japanese Sign Language"), "日本手話"),
]
SPOKEN_LANGUAGE_CODES = {code for code, _name, _autonym in SPOKEN_LANGUAGES}


def spoken_language_choices() -> list[tuple[str, str]]:
    """Choices labelled in the interface language, with the language's own name beside it,
    so that a newcomer finds their language whatever the page's language is."""
    choices = []
    for code, name, autonym in SPOKEN_LANGUAGES:
        label = str(name)
        choices.append((code, label if label == autonym else f"{label} ({autonym})"))
    return choices
