from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MagnetConfig(AppConfig):
    name = "magnet"
    verbose_name = _("Accounts and roles")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_migrate

        from . import middleware, roles

        post_migrate.connect(roles.sync_role_permissions, dispatch_uid="magnet.sync_role_permissions")
        user_logged_in.connect(middleware.session_started, dispatch_uid="magnet.session_started")
