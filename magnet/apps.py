from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MagnetConfig(AppConfig):
    name = "magnet"
    verbose_name = _("Accounts and roles")

    def ready(self):
        from django.db.models import IntegerField
        from django.db.models.signals import post_migrate

        from . import roles
        from .filters import IntegerIn

        IntegerField.register_lookup(IntegerIn)  # ids beyond the column's range match nothing, never a 500
        post_migrate.connect(roles.sync_role_permissions, dispatch_uid="magnet.sync_role_permissions")
