from urllib.parse import urlsplit

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class MagnetConfig(AppConfig):
    name = "magnet"
    verbose_name = _("Accounts and roles")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.db.models import IntegerField
        from django.db.models.signals import post_migrate

        from . import erasure, forms, middleware, roles
        from .filters import IntegerIn

        IntegerField.register_lookup(IntegerIn)  # ids beyond the column's range match nothing, never a 500
        post_migrate.connect(roles.sync_role_permissions, dispatch_uid="magnet.sync_role_permissions")
        user_logged_in.connect(middleware.session_started, dispatch_uid="magnet.session_started")
        erasure.register()
        forms.install()

        # django-countries sorts its (per-language cached) lists by an accent-stripping key, which
        # puts Çad between Cabo Verde and Cebelitarık; sort by the reader's alphabet instead.
        import django_countries

        from .text import sort_key

        django_countries.sort_key = lambda item: sort_key(item[1])
        vars(django_countries.countries).pop("_iter_cache", None)  # lists sorted while apps loaded
        post_migrate.connect(sync_site, dispatch_uid="magnet.sync_site")


class AdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin, with the portal's date and time widgets put into the admin's defaults
    before the admin modules are imported, so every ModelAdmin and inline gets them
    (magnet/admin_kit.py)."""

    default = False  # named in INSTALLED_APPS; MagnetConfig stays magnet's app

    def ready(self):
        from .admin_kit import install

        install()
        super().ready()


def sync_site(using="default", **kwargs):
    """The Sites row allauth's mails name ("Hello from MAGNET!") follows settings.SITE_NAME and
    SITE_URL, so `migrate` (run by `make run` on every start) keeps it in step with PORT."""
    from django.conf import settings
    from django.contrib.sites.models import Site

    Site.objects.using(using).update_or_create(
        pk=settings.SITE_ID, defaults={"domain": urlsplit(settings.SITE_URL).netloc, "name": settings.SITE_NAME}
    )
    Site.objects.clear_cache()
