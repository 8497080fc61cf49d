from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MagnetConfig(AppConfig):
    name = "magnet"
    verbose_name = _("Accounts and roles")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import erasure, forms, roles

        post_migrate.connect(roles.sync_role_permissions, dispatch_uid="magnet.sync_role_permissions")
        erasure.register()
        forms.install()
