from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from magnet.admin_kit import TabbedTranslationAdmin, TranslationStackedInline, TranslationTabularInline

from . import agenda_views, commitments, services
from .forms import MeetingAdminForm
from .models import (
    ActionItem,
    ActionItemUpdate,
    AgendaItem,
    AgendaRevision,
    AgendaTemplate,
    AgendaTemplateItem,
    Invitation,
    Meeting,
    MeetingDocument,
)


class AgendaFormSet(BaseInlineFormSet):
    """Refuses reversed, overlapping or out-of-meeting time slots, listing each problem."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        slots = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not data.get("starts_at") or not data.get("ends_at"):
                continue
            label = data.get("title_tr") or data.get("title_en") or data.get("title") or "?"
            slots.append(services.Slot(label, data["starts_at"], data["ends_at"]))
        problems = services.agenda_problems(meeting=self.instance, slots=slots)
        if problems:
            raise ValidationError(problems)


class AgendaItemInline(TranslationStackedInline):
    model = AgendaItem
    formset = AgendaFormSet
    extra = 0
    fields = (("starts_at", "ends_at"), ("kind", "order"), "title", "description", "speakers", "moderators")
    autocomplete_fields = ("speakers", "moderators")


class MeetingDocumentInline(TranslationTabularInline):
    model = MeetingDocument
    extra = 0
    fields = ("kind", "title", "file", "agenda_item")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "agenda_item":
            meeting_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = AgendaItem.objects.filter(meeting_id=meeting_id or 0)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ActionItemInline(TranslationTabularInline):
    model = ActionItem
    extra = 0
    fields = ("title", "owner_organisation", "owner_person", "due_date", "status")
    readonly_fields = ("status",)  # changed with a progress note on the commitment page
    autocomplete_fields = ("owner_organisation", "owner_person")


@admin.register(Meeting)
class MeetingAdmin(TabbedTranslationAdmin):
    form = MeetingAdminForm
    list_display = ("title", "kind", "starts_at", "status", "capacity", "agenda_builder", "staff_page")
    list_filter = ("status", "kind", "pillars", "thematic_areas")
    search_fields = ("title_tr", "title_en")
    date_hierarchy = "starts_at"
    readonly_fields = ("status", "sequence")
    filter_horizontal = ("pillars", "thematic_areas")
    inlines = [AgendaItemInline, MeetingDocumentInline, ActionItemInline]
    actions = ["publish", "cancel", "mark_held", "add_review_of_commitments"]
    fieldsets = (
        (None, {"fields": ("title", "summary", "kind", "status", "pillars", "thematic_areas")}),
        (_("When and where"), {"fields": ("starts_at", "ends_at", "venue_name", "venue_address", "province", "city", "online_url")}),
        (_("Participation"), {"fields": ("visibility", "capacity", "rsvp_deadline", "reminder_days", "working_languages", "interpretation")}),
        (_("After the meeting"), {"fields": ("minutes", "outcomes")}),
    )

    def get_urls(self):
        def wrap(view):
            return self.admin_site.admin_view(lambda request, object_id: view(self, request, object_id))

        return [
            path("<path:object_id>/agenda/", wrap(agenda_views.builder), name="meetings_meeting_agenda"),
            path("<path:object_id>/agenda/people/", wrap(agenda_views.people), name="meetings_meeting_agenda_people"),
            path("<path:object_id>/agenda/organisations/", wrap(agenda_views.organisations),
                 name="meetings_meeting_agenda_organisations"),
            path("<path:object_id>/agenda/preview/", wrap(agenda_views.preview), name="meetings_meeting_agenda_preview"),
        ] + super().get_urls()

    @admin.display(description=_("agenda"))
    def agenda_builder(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("admin:meetings_meeting_agenda", args=[obj.pk]), _("Agenda builder"))

    @admin.display(description=_("staff page"))
    def staff_page(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("meetings:staff_meeting", args=[obj.pk]), _("Invitations and attendance"))

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        if change and obj.status == Meeting.Status.PUBLISHED and set(form.changed_data) & set(services.SCHEDULE_FIELDS):
            services.announce_change(meeting=obj)
            messages.info(request, _("Invitees will be told about the new time or place."))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change:
            services.fill_free_seats(meeting=form.instance)  # capacity may have been raised

    def _run(self, request, queryset, operation, done_message):
        for meeting in queryset:
            try:
                operation(meeting=meeting)
            except ValidationError as error:
                self.message_user(
                    request, format_html("{}: {}", meeting, "; ".join(error.messages)), level=messages.ERROR
                )
            else:
                self.message_user(request, format_html("{}: {}", meeting, done_message), level=messages.SUCCESS)

    @admin.action(description=_("Publish the selected meetings"))
    def publish(self, request, queryset):
        self._run(request, queryset, services.publish_meeting, _("published"))

    @admin.action(description=_("Cancel the selected meetings and tell invitees"))
    def cancel(self, request, queryset):
        self._run(request, queryset, services.cancel_meeting, _("cancelled"))

    @admin.action(description=_("Mark the selected meetings as held"))
    def mark_held(self, request, queryset):
        self._run(request, queryset, services.mark_held, _("marked as held"))

    @admin.action(description=_("Add a review of earlier commitments to the agenda"))
    def add_review_of_commitments(self, request, queryset):
        self._run(request, queryset, commitments.add_review_of_commitments, _("review of commitments on the agenda"))


class ActionItemUpdateInline(admin.TabularInline):
    model = ActionItemUpdate
    extra = 0
    fields = ("created_at", "author", "author_is_staff", "old_status", "new_status", "note")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # progress is recorded through the commitment page (commitments.update_commitment)


@admin.register(ActionItem)
class ActionItemAdmin(TabbedTranslationAdmin):
    """Commitments from meetings and from conference sessions (no meeting: name the session)."""

    list_display = ("title", "meeting", "source_title", "owner_organisation", "owner_person", "due_date", "status")
    list_filter = ("status", "owner_organisation__pillar")
    search_fields = ("title_tr", "title_en", "source_title_tr", "source_title_en")
    list_select_related = ("meeting", "owner_organisation", "owner_person")
    autocomplete_fields = ("meeting", "owner_organisation", "owner_person")
    date_hierarchy = "due_date"
    fields = ("title", "meeting", "source_title", "source_url", "owner_organisation", "owner_person", "due_date", "status", "closed_at")
    readonly_fields = ("closed_at",)
    inlines = [ActionItemUpdateInline]

    def get_readonly_fields(self, request, obj=None):
        # Once created, the status changes only with a progress note (the commitment page).
        return ("closed_at", "status") if obj else ("closed_at",)


@admin.register(Invitation)
class InvitationAdmin(SimpleHistoryAdmin):
    list_display = ("person", "meeting", "response", "sent_at", "opened_at", "attended", "walk_in")
    list_filter = ("response", "attended", "walk_in", "meeting")
    search_fields = ("person__search_text",)
    list_select_related = ("person", "meeting")
    # Answers and attendance change only through the services (capacity, waiting list, history).
    readonly_fields = ("meeting", "person", "response", "attended", "walk_in", "sent_at", "opened_at", "responded_at", "waiting_since", "reminder_sent_at", "checked_in_at")

    def has_add_permission(self, request):
        return False  # invitations are sent from the meeting's staff page


class AgendaTemplateItemInline(TranslationTabularInline):
    model = AgendaTemplateItem
    extra = 0
    fields = ("order", "offset_minutes", "duration_minutes", "kind", "title", "description")


@admin.register(AgendaTemplate)
class AgendaTemplateAdmin(TabbedTranslationAdmin):
    list_display = ("name", "created_at")
    search_fields = ("name_tr", "name_en")
    inlines = [AgendaTemplateItemInline]


@admin.register(AgendaRevision)
class AgendaRevisionAdmin(admin.ModelAdmin):
    """Read only: revisions are written by the agenda builder's save."""

    list_display = ("meeting", "created_at", "actor", "published", "sequence")
    list_filter = ("published",)
    list_select_related = ("meeting", "actor")
    readonly_fields = ("meeting", "actor", "created_at", "published", "sequence", "changes")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
