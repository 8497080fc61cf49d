from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConferenceConfig(AppConfig):
    name = "conference"
    verbose_name = _("Regional conference")

    def ready(self):
        from . import cache, erasure
        from .services import notifications  # noqa: F401 — registers the app's mails with the outbox

        cache.connect()
        erasure.register()
