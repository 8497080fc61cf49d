from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import Membership, Organisation, OrganisationType, Person, Pillar, ThematicArea


@admin.register(Pillar)
class PillarAdmin(TabbedTranslationAdmin):
    list_display = ("name", "code", "order")

    def has_add_permission(self, request):
        return False  # the four pillars are fixed

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OrganisationType)
class OrganisationTypeAdmin(TabbedTranslationAdmin):
    list_display = ("name", "pillar", "code", "order")
    list_filter = ("pillar",)


@admin.register(ThematicArea)
class ThematicAreaAdmin(TabbedTranslationAdmin):
    list_display = ("name", "code", "order")


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("person", "organisation")


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin, TabbedTranslationAdmin):
    list_display = ("name", "acronym", "pillar", "type", "country", "province", "status")
    list_filter = ("status", "pillar", "type", "country", "province", "thematic_areas")
    search_fields = ("search_text",)
    autocomplete_fields = ("parent",)
    filter_horizontal = ("thematic_areas",)
    inlines = [MembershipInline]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ("family_name", "given_name", "email", "preferred_language", "in_directory")
    list_filter = ("preferred_language", "in_directory")
    search_fields = ("search_text",)
    raw_id_fields = ("user",)
    inlines = [MembershipInline]
