from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from knox.models import AuthToken

from .models import OutboxMail, RoleChange, User
from .roles import may_manage_account, role_label
from .services import record_role_changes, role_state, set_account_active
from .text import sort_key


class RoleListFilter(admin.RelatedFieldListFilter):
    """The groups are the roles: shown by their name in the reader's language, not the stored key."""

    def field_choices(self, field, request, model_admin):
        choices = [(pk, str(role_label(name))) for pk, name in field.related_model.objects.values_list("pk", "name")]
        return sorted(choices, key=lambda choice: sort_key(choice[1]))


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Superusers change everything about an account. ICMPD staff change only the names, language and
    active flag of the accounts `may_manage_account` lets them manage: the fields they may not change
    are left out of their form (so a forged POST changes nothing), other accounts are view-only and
    the password page refuses them. Changes of roles and flags are recorded as RoleChange rows."""

    ordering = ("email",)
    list_display = ("email", "first_name", "last_name", "preferred_language", "is_staff", "is_active")
    list_filter = ("is_staff", "is_active", ("groups", RoleListFilter), "preferred_language")
    search_fields = ("email", "first_name", "last_name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "preferred_language")}),
        (_("Roles"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    staff_fieldsets = (
        (None, {"fields": ("email",)}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "preferred_language")}),
        (_("Roles"), {"fields": ("is_active", "roles")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "first_name", "last_name", "password1", "password2")}),
    )
    filter_horizontal = ("groups", "user_permissions")
    actions = ["activate_accounts", "deactivate_accounts"]

    def get_fieldsets(self, request, obj=None):
        if obj is None or request.user.is_superuser:
            return super().get_fieldsets(request, obj)
        return self.staff_fieldsets

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return ("last_login", "date_joined")
        return ("email", "roles", "last_login", "date_joined")

    @admin.display(description=_("Roles"))
    def roles(self, obj):
        return ", ".join(str(role_label(name)) for name in obj.groups.values_list("name", flat=True)) or "—"

    def has_add_permission(self, request):
        return request.user.is_superuser and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or may_manage_account(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or may_manage_account(request.user, obj))

    def user_change_password(self, request, id, form_url=""):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def save_model(self, request, obj, form, change):
        form.role_state_before = role_state(obj) if change else None
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)  # groups are saved here
        record_role_changes(actor=request.user, user=form.instance, before=form.role_state_before)

    def _set_active(self, request, queryset, active: bool):
        changed = refused = 0
        for user in queryset:
            try:
                changed += set_account_active(actor=request.user, user=user, active=active)
            except PermissionDenied:
                refused += 1
        self.message_user(request, ngettext("%d account changed.", "%d accounts changed.", changed) % changed)
        if refused:
            self.message_user(
                request,
                ngettext(
                    "%d account left unchanged: you may not manage it.",
                    "%d accounts left unchanged: you may not manage them.",
                    refused,
                )
                % refused,
                messages.WARNING,
            )

    @admin.action(description=_("Let the selected accounts sign in"), permissions=["change"])
    def activate_accounts(self, request, queryset):
        self._set_active(request, queryset, True)

    @admin.action(description=_("Stop the selected accounts from signing in"), permissions=["change"])
    def deactivate_accounts(self, request, queryset):
        self._set_active(request, queryset, False)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "groups":
            field.label_from_instance = lambda group: role_label(group.name)
        return field


@admin.register(RoleChange)
class RoleChangeAdmin(admin.ModelAdmin):
    """Read-only, and for superusers only: who changed whose roles or flags, and when."""

    list_display = ("changed_at", "user", "what", "before", "after", "actor")
    list_filter = ("what",)
    search_fields = ("user__email", "actor__email")
    list_select_related = ("user", "actor")
    date_hierarchy = "changed_at"

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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



admin.site.unregister(AuthToken)  # knox's own admin makes tokens for anyone and shows them


@admin.register(AuthToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Superusers only: whose API tokens exist, and revoking (deleting) them. A token can't be read
    here (only its digest is stored) nor made: each user makes their own on their account page."""

    list_display = ("key_start", "user", "created", "expiry")
    search_fields = ("user__email",)
    list_select_related = ("user",)
    fields = ("key_start", "user", "created", "expiry")
    readonly_fields = fields

    @admin.display(description=_("Starts with"))
    def key_start(self, obj):
        return f"{obj.token_key[:8]}…"

    def _superuser(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_module_permission(self, request):
        return self._superuser(request)

    def has_view_permission(self, request, obj=None):
        return self._superuser(request)

    def has_delete_permission(self, request, obj=None):
        return self._superuser(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
