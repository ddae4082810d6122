"""Languages a resident can say they speak (BCP 47 codes), shown in the user's language."""

from django.utils.translation import gettext_lazy as _

SPOKEN_LANGUAGES = [
    ("ja", _("Japanese")),
    ("en", _("English")),
    ("zh", _("Chinese")),
    ("ko", _("Korean")),
    ("vi", _("Vietnamese")),
    ("tl", _("Filipino (Tagalog)")),
    ("pt", _("Portuguese")),
    ("es", _("Spanish")),
    ("ne", _("Nepali")),
    ("id", _("Indonesian")),
    ("my", _("Burmese")),
    ("th", _("Thai")),
    ("hi", _("Hindi")),
    ("fr", _("French")),
    ("de", _("German")),
    ("jsl", _("Japanese Sign Language")),
]
SPOKEN_LANGUAGE_CODES = {code for code, _label in SPOKEN_LANGUAGES}
