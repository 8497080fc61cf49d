"""Demo accounts, one per role, shared by `manage.py seed_demo` and printed by `make run`."""

from magnet.roles import FIELD_REPORTER, ICMPD_STAFF, PMM_OFFICIAL, STAKEHOLDER

DEMO_PASSWORD = "magnet-demo-2026"  # noqa: S105 — demo data only, printed by make run

DEMO_ACCOUNTS = [
    # e-mail, given name, family name, role, language
    ("staff@demo.magnet.local", "Elif", "Şahin", ICMPD_STAFF, "en"),
    ("pmm@demo.magnet.local", "Mehmet", "Yılmaz", PMM_OFFICIAL, "tr"),
    ("reporter@demo.magnet.local", "Ayşe", "Güneş", FIELD_REPORTER, "tr"),
    ("stakeholder@demo.magnet.local", "Çağrı", "Işıkoğlu", STAKEHOLDER, "tr"),
]
