from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StakeholdersConfig(AppConfig):
    name = "stakeholders"
    verbose_name = _("Stakeholder registry")

    def ready(self):
        # Organisation's history is registered here rather than with a HistoricalRecords field:
        # modeltranslation (first in INSTALLED_APPS, ready first) has by now added name_tr, name_en,
        # description_tr and description_en, so the historical model gets those columns too.
        from simple_history import register

        from .models import Organisation

        if not hasattr(Organisation, "history"):
            register(Organisation, excluded_fields=["search_text", "acronym_key"])
