"""Every model that can hold a person's data is covered by an eraser (magnet.erasure): a new model
with personal fields and no eraser fails here until it gets one (or a reason in ALLOWED)."""

import re

from django.apps import apps

from magnet import erasure

# Field names that hold personal data. history_* columns are simple-history's bookkeeping.
PERSONAL_FIELD = re.compile(
    r"given_name|family_name|first_name|last_name|full_name|e_?mail|phone|passport|birth|nationality|dietary"
    r"|accessibility|note|reason|position|languages_spoken|photo|avatar|portrait|address|signature|recipient"
)
# Personal data no field name reveals.
PERSONAL_MODELS = {
    "admin.LogEntry": "object_repr is the name of a person, registration or invitation",
    "stakeholders.ImportJobRow": "values of a people import waiting to be confirmed",
}
# Models whose matching fields are not a person's data, and why.
ALLOWED = {
    "stakeholders.Organisation": "an organisation's own contact address and the reason told to its proposer",
    "stakeholders.HistoricalOrganisation": "the history of the above",
    "meetings.Meeting": "venue_address is a place",
    "conference.Conference": "passport_retention_days is a setting",
    "projects.Opinion": "reasons are PMM's official reasons on a proposal, not a person's data",
}


def _personal_fields(model) -> list[str]:
    return [
        f.name for f in model._meta.concrete_fields
        if not f.name.startswith("history_") and PERSONAL_FIELD.search(f.name)
    ]


def test_every_model_with_personal_fields_has_an_eraser():
    covered = erasure.covered_models()
    missing = [
        f"{model._meta.label} {_personal_fields(model) or PERSONAL_MODELS[model._meta.label]}"
        for model in apps.get_models()
        if (_personal_fields(model) or model._meta.label in PERSONAL_MODELS)
        and model not in covered
        and model._meta.label not in ALLOWED
    ]
    assert missing == [], "register an eraser in the app's erasure.py (magnet.erasure.eraser) for: " + "; ".join(missing)


def test_the_check_sees_history_models_and_the_allow_list_is_not_stale():
    labels = {model._meta.label for model in apps.get_models()}
    assert {"conference.HistoricalRegistration", "meetings.HistoricalInvitation", "stakeholders.HistoricalPerson"} <= {
        model._meta.label for model in apps.get_models() if _personal_fields(model)
    }
    assert set(ALLOWED) <= labels and set(PERSONAL_MODELS) <= labels
    assert not {model._meta.label for model in erasure.covered_models()} & set(ALLOWED)


def test_a_new_model_with_personal_fields_would_not_be_covered():
    from django.db import models

    class Visitor(models.Model):  # noqa: DJ008
        badge_email = models.EmailField()

        class Meta:
            app_label = "magnet"

    try:
        assert _personal_fields(Visitor) == ["badge_email"]
        assert Visitor not in erasure.covered_models()
    finally:
        apps.all_models["magnet"].pop("visitor", None)
        apps.clear_cache()
