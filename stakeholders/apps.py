from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StakeholdersConfig(AppConfig):
    name = "stakeholders"
    verbose_name = _("Stakeholder registry")

    def ready(self):
        from . import cache, erasure
        from .services import organisations  # noqa: F401 — registers the app's mails with the outbox

        cache.connect()
        erasure.register()
