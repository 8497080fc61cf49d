from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from .models import BadgeBatch, Conference, InvitationLetter, Registration, RegistrationType, Room, Session
from .services import registration as registration_services


class RegistrationTypeInline(TranslationTabularInline):
    model = RegistrationType
    extra = 0


class RoomInline(TranslationTabularInline):
    model = Room
    extra = 0


@admin.register(Conference)
class ConferenceAdmin(TabbedTranslationAdmin):
    list_display = ("title", "starts_on", "ends_on", "city", "capacity", "is_published")
    list_filter = ("is_published",)
    prepopulated_fields = {"slug": ("title_en",)}
    inlines = [RegistrationTypeInline, RoomInline]
    actions = ["offer_free_seats"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "capacity" in form.changed_data:
            # A larger capacity offers the new seats to the waiting list at once.
            registration_services.promote_waiting_list(conference=obj)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is RegistrationType:
            registration_services.promote_waiting_list(conference=form.instance)

    @admin.action(description=_("Offer free seats to the waiting list"))
    def offer_free_seats(self, request, queryset):
        offered = sum(len(registration_services.promote_waiting_list(conference=c)) for c in queryset)
        self.message_user(request, _("%(count)d seats offered.") % {"count": offered}, messages.SUCCESS)


@admin.register(Session)
class SessionAdmin(TabbedTranslationAdmin):
    list_display = ("title", "conference", "kind", "starts_at", "ends_at", "room", "capacity")
    list_filter = ("conference", "kind", "room")
    search_fields = ("title",)
    autocomplete_fields = ("speakers", "moderators")


@admin.register(Registration)
class RegistrationAdmin(SimpleHistoryAdmin):
    list_display = ("person", "conference", "type", "status", "country", "created_at")
    list_filter = ("conference", "status", "type__kind")
    search_fields = ("search_text", "code")
    raw_id_fields = ("person", "organisation")
    readonly_fields = ("code", "status", "waiting_since", "offer_expires_at", "checked_in_at", "checked_in_by", "passport_erased_at")
    actions = ["approve", "cancel"]

    def has_add_permission(self, request):
        return False  # registrations are made through the service, which counts seats

    @admin.action(description=_("Approve the selected registrations"))
    def approve(self, request, queryset):
        changed, skipped = registration_services.decide_registrations(registrations=queryset, approve=True, by=request.user)
        self.message_user(request, _("%(changed)d changed, %(skipped)d left as they were.") % {"changed": changed, "skipped": skipped})

    @admin.action(description=_("Cancel the selected registrations"))
    def cancel(self, request, queryset):
        for registration in queryset:
            registration_services.cancel_registration(registration=registration, by=request.user, reason=str(_("Cancelled by the organisers.")))


@admin.register(BadgeBatch)
class BadgeBatchAdmin(admin.ModelAdmin):
    list_display = ("conference", "registration_type", "status", "badge_count", "created_at")
    readonly_fields = ("status", "badge_count", "page_count", "file", "error", "finished_at")


@admin.register(InvitationLetter)
class InvitationLetterAdmin(admin.ModelAdmin):
    list_display = ("registration", "generated_by", "generated_at", "erased_at")
    readonly_fields = ("registration", "generated_by", "generated_at", "file", "erased_at")

    def has_add_permission(self, request):
        return False
