from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects")

    def ready(self):
        from . import erasure, notifications  # noqa: F401 — notifications registers the app's mails with the outbox

        erasure.register()
