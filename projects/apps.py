from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects")

    def ready(self):
        from . import erasure, notifications  # noqa: F401 — notifications registers the app's mails with the outbox

        erasure.register()

        # Each project's reports (h8): the mails, the reminder task, and the project report as a
        # source of the submission trail to PMM (reports.submission).
        from reports import submission

        from . import reporting_notifications, reporting_tasks  # noqa: F401
        from .services import reporting

        submission.register_source(
            reporting.SOURCE, snapshot=reporting.snapshot, template="pdf/projects/project_report.html",
            context=reporting.pdf_context, detail_template="projects/reporting/_trail_snapshot.html",
        )
