"""Demo areas for `make run`: the neighbourhoods the demo listings name, with their centres
(a fictional town around 35.37 N 136.94 E) and their names in each site language."""

from .models import Area

# (name on listings, English name, latitude, longitude)
DEMO_AREAS = [
    ("本町", "Honmachi", 35.3612, 136.9389),
    ("城東", "Joto", 35.3655, 136.9512),
    ("駅前", "Ekimae (station area)", 35.3580, 136.9330),
    ("北山", "Kitayama", 35.3790, 136.9420),
    ("南町", "Minamimachi", 35.3490, 136.9405),
    ("川端", "Kawabata", 35.3700, 136.9250),
    ("城山", "Shiroyama", 35.3880, 136.9390),
    ("西野", "Nishino", 35.3750, 136.9150),
]


def create_demo_areas() -> list[Area]:
    """Create the demo areas that do not exist yet (by name); return the new ones."""
    existing = set(Area.objects.values_list("name", flat=True))
    return Area.objects.bulk_create(
        Area(
            name=name,
            names={"ja": name, "en": english},
            latitude=latitude,
            longitude=longitude,
            position=position,
        )
        for position, (name, english, latitude, longitude) in enumerate(DEMO_AREAS)
        if name not in existing
    )
