from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = _("Participant feedback")

    def ready(self):
        from . import erasure, notifications  # noqa: F401 — notifications registers the app's mails with the outbox

        erasure.register()
