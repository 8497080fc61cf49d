from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from magnet.admin_kit import TabbedTranslationAdmin

from . import services
from .models import Document


@admin.register(Document)
class DocumentAdmin(TabbedTranslationAdmin):
    list_display = ("title", "kind", "year", "language", "visibility", "is_listed", "text_state")
    list_filter = ("visibility", "kind", "language", "year", "is_listed", "text_state", "pillars")
    search_fields = ("title_tr", "title_en", "event_title_tr", "event_title_en")
    filter_horizontal = ("pillars", "thematic_areas")
    raw_id_fields = ("meeting",)
    readonly_fields = ("text_state", "text_error", "pages", "created_at", "updated_at")
    fields = (
        "title", "description", "kind", "language", "year", "visibility", "is_listed", "file",
        "pillars", "thematic_areas", "meeting", "event_title", "event_url",
        "text_state", "text_error", "pages", "created_at", "updated_at",
    )
    actions = ("make_public", "make_members_only")

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.document_saved(document=form.instance, file_changed="file" in form.changed_data)

    @admin.action(description=_("Make public"))
    def make_public(self, request, queryset):
        changed = services.set_visibility(documents=queryset, visibility=Document.Visibility.PUBLIC)
        self.message_user(request, ngettext("%d document is now public.", "%d documents are now public.", changed) % changed, messages.SUCCESS)

    @admin.action(description=_("Make members only"))
    def make_members_only(self, request, queryset):
        changed = services.set_visibility(documents=queryset, visibility=Document.Visibility.MEMBERS)
        self.message_user(
            request,
            ngettext("%d document is now for members only.", "%d documents are now for members only.", changed) % changed,
            messages.SUCCESS,
        )
