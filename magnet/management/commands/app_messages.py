import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Extract one app's strings into <app>/locale/ (scanning only that app's folder)."

    def add_arguments(self, parser):
        parser.add_argument("app")

    def handle(self, app, **options):
        app_dir = settings.BASE_DIR / app
        (app_dir / "locale").mkdir(exist_ok=True)
        settings.LOCALE_PATHS = []  # otherwise makemessages files every string under the project's locale/
        os.chdir(app_dir)
        call_command("makemessages", locale=["tr", "en"], no_obsolete=True, verbosity=1)
        call_command("makemessages", locale=["tr", "en"], domain="djangojs", no_obsolete=True, verbosity=0)
        call_command("compilemessages", verbosity=0)
