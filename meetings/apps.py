from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings")

    def ready(self):
        from . import erasure, notifications  # noqa: F401 — notifications registers the app's mails with the outbox

        erasure.register()
