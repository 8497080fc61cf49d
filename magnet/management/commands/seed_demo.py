from importlib import import_module

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from magnet.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from magnet.roles import assign_role

# Each app's demo.py has seed(stdout) and is idempotent; the order follows the dependencies.
DEMO_APPS = ("stakeholders", "meetings", "conference", "feedback", "library", "reports", "projects", "projects.reporting_demo")


class Command(BaseCommand):
    help = "Load the demo data (idempotent): one account per role, the registry, meetings, conference, reports."

    @transaction.atomic
    def handle(self, *args, **options):
        User = get_user_model()
        for email, given, family, role, language in DEMO_ACCOUNTS:
            user, created = User.objects.get_or_create(
                email=email, defaults={"first_name": given, "last_name": family, "preferred_language": language}
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            EmailAddress.objects.update_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
            assign_role(user, role)
        for app in DEMO_APPS:
            module = import_module(app if "." in app else f"{app}.demo")
            module.seed(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data is loaded."))
