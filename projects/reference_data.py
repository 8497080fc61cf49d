"""The target groups projects serve, as first loaded (staff edit the list afterwards). Loaded by a
data migration, idempotently."""

TARGET_GROUPS = [
    # code, order, tr, en
    ("temporary-protection", 1, "Geçici koruma altındaki yabancılar", "Persons under temporary protection"),
    ("international-protection", 2, "Uluslararası koruma başvuru sahipleri ve statü sahipleri",
     "International protection applicants and status holders"),
    ("irregular-migrants", 3, "Düzensiz göçmenler", "Irregular migrants"),
    ("migrant-workers", 4, "Göçmen işçiler", "Migrant workers"),
    ("host-communities", 5, "Ev sahibi topluluklar", "Host communities"),
]


def load_target_groups(TargetGroup) -> None:
    for code, order, tr, en in TARGET_GROUPS:
        TargetGroup.objects.update_or_create(
            code=code, defaults={"order": order, "name": tr, "name_tr": tr, "name_en": en},
        )
