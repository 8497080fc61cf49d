"""Admin of the projects app. Target groups are curated by ICMPD staff here (both languages); proposals
are read here (every change goes through the portal's pages and projects.services)."""

from django.contrib import admin

from magnet.admin_kit import TabbedTranslationAdmin

from .models import Project, ProvinceNeed, TargetGroup


@admin.register(TargetGroup)
class TargetGroupAdmin(TabbedTranslationAdmin):
    list_display = ("name", "code", "order", "is_active")
    list_editable = ("order", "is_active")
    prepopulated_fields = {"code": ("name_en",)}


# proposals (h7)
@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    """Read-only: a proposal's state moves only through the services (trail, mails, letters)."""

    list_display = ("reference", "title", "organisation", "state", "submitted_at", "due_on")
    list_filter = ("state",)
    search_fields = ("reference", "title_key")
    list_select_related = ("organisation",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ProvinceNeed)
class ProvinceNeedAdmin(admin.ModelAdmin):
    list_display = ("province", "target_group", "number", "as_of", "source")
    list_filter = ("target_group",)
    readonly_fields = ("entered_by",)
