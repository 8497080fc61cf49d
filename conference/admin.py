from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from magnet.admin_kit import TabbedTranslationAdmin, TranslationTabularInline

from . import builder
from .models import (
    BadgeBatch,
    Conference,
    InvitationLetter,
    ProgrammeRevision,
    ProgrammeTemplate,
    Registration,
    RegistrationType,
    Room,
    Session,
)
from .services import programme as programme_services
from .services import registration as registration_services
from .services.registration import DETAIL_FIELDS


class RegistrationTypeInline(TranslationTabularInline):
    model = RegistrationType
    extra = 0


class RoomInline(TranslationTabularInline):
    model = Room
    extra = 0


class ConferenceAdminForm(forms.ModelForm):
    def clean(self):
        data = super().clean()
        if data.get("is_published") and self.instance.pk and not self.instance.is_published:
            try:  # the publishing rule: every session in Turkish and English
                programme_services.check_publishable(conference=self.instance)
            except ValidationError as error:
                self.add_error("is_published", error)
        return data


@admin.register(Conference)
class ConferenceAdmin(TabbedTranslationAdmin):
    form = ConferenceAdminForm
    change_form_template = "admin/conference/conference/change_form_programme.html"
    list_display = ("title", "starts_on", "ends_on", "city", "capacity", "is_published")
    list_filter = ("is_published",)
    prepopulated_fields = {"slug": ("title_en",)}
    inlines = [RegistrationTypeInline, RoomInline]
    actions = ["offer_free_seats"]

    def get_urls(self):
        # The programme builder (conference/builder.py), before the admin's own "<id>/" pattern.
        return builder.urls(self.admin_site.admin_view) + super().get_urls()

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


class RegistrationAdminForm(forms.ModelForm):
    """Staff edit a participant's details under the rules of the registration form and the API."""

    def clean(self):
        data = super().clean()
        registration = self.instance
        try:
            registration_services.validate_details(
                conference=registration.conference,
                registration_type=registration.type,
                person=registration.person,
                details={field: data.get(field) for field in DETAIL_FIELDS},
            )
        except ValidationError as error:
            self.add_error(None, error)
        return data


@admin.register(Registration)
class RegistrationAdmin(SimpleHistoryAdmin):
    form = RegistrationAdminForm
    list_display = ("person", "conference", "type", "status", "country", "created_at")
    list_filter = ("conference", "status", "type__kind")
    search_fields = ("search_text", "code")
    raw_id_fields = ("organisation",)
    # Only the participant's details are edited here; conference, type and status change through
    # the services, which count seats.
    readonly_fields = (
        "conference", "type", "person", "code", "status", "status_reason", "waiting_since", "offer_expires_at",
        "checked_in_at", "checked_in_by", "passport_erased_at",
    )
    actions = ["approve", "cancel"]

    def has_add_permission(self, request):
        return False  # registrations are made through the service, which counts seats

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.status in registration_services.FINAL_STATUSES:
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        registration_services.update_registration(
            registration=obj,
            details={field: form.cleaned_data[field] for field in DETAIL_FIELDS if field in form.cleaned_data},
            workshop_ids=None,
            by=request.user,
        )

    @admin.action(description=_("Approve the selected registrations"))
    def approve(self, request, queryset):
        changed, skipped = registration_services.decide_registrations(registrations=queryset, approve=True, by=request.user)
        self.message_user(request, _("%(changed)d changed, %(skipped)d left as they were.") % {"changed": changed, "skipped": skipped})

    @admin.action(description=_("Cancel the selected registrations"))
    def cancel(self, request, queryset):
        for registration in queryset:
            registration_services.cancel_registration(registration=registration, by=request.user, reason=str(_("Cancelled by the organisers.")))


@admin.register(ProgrammeTemplate)
class ProgrammeTemplateAdmin(TabbedTranslationAdmin):
    """Templates are saved from the programme builder; here they are renamed or deleted."""

    list_display = ("title", "days", "created_at", "created_by")
    readonly_fields = ("days", "rooms", "sessions", "created_at", "created_by")


@admin.register(ProgrammeRevision)
class ProgrammeRevisionAdmin(admin.ModelAdmin):
    list_display = ("conference", "created_at", "by", "notified")
    list_filter = ("conference",)
    list_select_related = ("conference", "by")
    readonly_fields = ("conference", "by", "created_at", "changes", "notified")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


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
