from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import OutboxMail, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ("email",)
    list_display = ("email", "first_name", "last_name", "preferred_language", "is_staff", "is_active")
    list_filter = ("is_staff", "is_active", "groups", "preferred_language")
    search_fields = ("email", "first_name", "last_name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "preferred_language")}),
        (_("Roles"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "first_name", "last_name", "password1", "password2")}),
    )
    filter_horizontal = ("groups",)


@admin.register(OutboxMail)
class OutboxMailAdmin(admin.ModelAdmin):
    """Read-only: every notification, whether it has gone out, and why not."""

    list_display = ("template", "recipient", "state", "attempts", "created_at", "sent_at")
    list_filter = ("state", "template")
    search_fields = ("recipient", "key")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
