from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import SentMail, User
from .roles import role_label
from .text import sort_key


class RoleListFilter(admin.RelatedFieldListFilter):
    """The groups are the roles: shown by their name in the reader's language, not the stored key."""

    def field_choices(self, field, request, model_admin):
        choices = [(pk, str(role_label(name))) for pk, name in field.related_model.objects.values_list("pk", "name")]
        return sorted(choices, key=lambda choice: sort_key(choice[1]))


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ("email",)
    list_display = ("email", "first_name", "last_name", "preferred_language", "is_staff", "is_active")
    list_filter = ("is_staff", "is_active", ("groups", RoleListFilter), "preferred_language")
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

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "groups":
            field.label_from_instance = lambda group: role_label(group.name)
        return field


@admin.register(SentMail)
class SentMailAdmin(admin.ModelAdmin):
    """Read-only: which once-only e-mails have gone out."""

    list_display = ("key", "sent_at")
    search_fields = ("key",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
