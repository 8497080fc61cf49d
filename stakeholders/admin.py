"""Staff curation in the admin: bilingual editing in tabs, filters, Turkish-aware search, and actions
(approve, reject with a reason, merge, export) that call the same services as the staff pages."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from magnet.admin_kit import TabbedTranslationAdmin
from magnet.exports import export_response
from magnet.text import reader_order, search_key

from . import services
from .forms import MergeForm, RejectForm
from .models import (
    ConsentRecord,
    ImportJob,
    LegalText,
    Membership,
    Organisation,
    OrganisationType,
    Person,
    Pillar,
    ThematicArea,
)


class NormalisedSearchMixin:
    """search_fields point at the normalised search_text column, so the query is normalised the same
    way (search_key): "istanbul" finds "İstanbul", "goc" finds "Göç"."""

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, search_key(search_term))


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


def _reject_with_reason(model_admin, request, queryset, reject):
    """The bulk "reject with a reason" action: ask for the reason, then reject every row at once."""
    form = RejectForm(request.POST if "reason" in request.POST else None)
    if form.is_bound and form.is_valid():
        with transaction.atomic():
            for obj in queryset:
                reject(obj, form.cleaned_data["reason"])
        model_admin.message_user(request, _("Rejected: %(count)d.") % {"count": queryset.count()}, messages.SUCCESS)
        return None
    return render(
        request,
        "admin/stakeholders/reject.html",
        {**model_admin.admin_site.each_context(request), "form": form, "queryset": queryset,
         "action": "reject_selected", "opts": model_admin.model._meta, "title": _("Reject with a reason")},
    )


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("person", "organisation")
    fields = ("person", "organisation", "role", "is_focal_point", "since", "until", "status", "status_reason")


@admin.register(Organisation)
class OrganisationAdmin(NormalisedSearchMixin, SimpleHistoryAdmin, TabbedTranslationAdmin):
    list_display = ("name", "acronym", "pillar", "type", "country", "province", "status", "created_at")
    list_filter = ("status", "pillar", "type", "country", "province", "thematic_areas")
    search_fields = ("search_text",)
    autocomplete_fields = ("parent",)
    filter_horizontal = ("thematic_areas",)
    readonly_fields = ("proposed_by", "merged_into", "created_at", "updated_at")
    list_select_related = ("pillar", "type")
    inlines = [MembershipInline]
    actions = ["approve_selected", "reject_selected", "merge_selected", "export_xlsx", "export_csv"]

    def get_ordering(self, request):
        return [reader_order(), "pk"]  # alphabetical in the reader's language

    @admin.action(description=_("Approve the selected organisations"))
    def approve_selected(self, request, queryset):
        with transaction.atomic():
            for organisation in queryset:
                services.approve_organisation(organisation=organisation)
        self.message_user(request, _("Approved: %(count)d.") % {"count": queryset.count()}, messages.SUCCESS)

    @admin.action(description=_("Reject the selected organisations (with a reason)"))
    def reject_selected(self, request, queryset):
        return _reject_with_reason(
            self, request, queryset, lambda obj, reason: services.reject_organisation(organisation=obj, reason=reason)
        )

    @admin.action(description=_("Merge the two selected organisations"))
    def merge_selected(self, request, queryset):
        if queryset.count() != 2:
            self.message_user(request, _("Select exactly two organisations to merge."), messages.ERROR)
            return None
        form = MergeForm(request.POST if "target" in request.POST else None, organisations=queryset)
        if form.is_bound and form.is_valid():
            target = form.cleaned_data["target"]
            source = queryset.exclude(pk=target.pk).get()
            try:
                services.merge_organisations(source=source, target=target)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(request, _("Merged %(source)s into %(target)s.") % {"source": source, "target": target})
            return None
        return render(
            request,
            "admin/stakeholders/merge.html",
            {**self.admin_site.each_context(request), "form": form, "queryset": queryset,
             "action": "merge_selected", "opts": self.model._meta, "title": _("Merge two organisations")},
        )

    def _export(self, queryset, fmt):
        from .views import EXPORT_HEADERS

        rows = (
            (o.pk, o.name_tr, o.name_en, o.acronym, o.pillar.code, o.type.code, o.country.code, o.province, o.city,
             o.website, o.email, o.status)
            for o in queryset.select_related("pillar", "type")
        )
        return export_response(fmt, "magnet-organisations", EXPORT_HEADERS, rows)

    @admin.action(description=_("Export the selected organisations to XLSX"))
    def export_xlsx(self, request, queryset):
        return self._export(queryset, "xlsx")

    @admin.action(description=_("Export the selected organisations to CSV"))
    def export_csv(self, request, queryset):
        return self._export(queryset, "csv")


@admin.register(Person)
class PersonAdmin(NormalisedSearchMixin, SimpleHistoryAdmin):
    list_display = ("family_name", "given_name", "email", "preferred_language", "in_directory", "added_by_staff", "anonymised_at")
    list_filter = ("preferred_language", "in_directory", "receives_communications", "added_by_staff", "memberships__organisation__pillar")
    search_fields = ("search_text",)
    raw_id_fields = ("user",)
    readonly_fields = ("in_directory", "receives_communications", "profile_completed_at", "anonymised_at")
    inlines = [MembershipInline]

    def get_ordering(self, request):
        return [reader_order(), "pk"]  # family name, then given name, in the reader's alphabet


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ("person", "organisation", "role", "is_focal_point", "status", "created_at")
    list_filter = ("status", "is_focal_point", "organisation__pillar")
    search_fields = ("person__search_text", "organisation__search_text")
    autocomplete_fields = ("person", "organisation")
    list_select_related = ("person", "organisation")
    actions = ["approve_selected", "reject_selected"]

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, search_key(search_term))

    @admin.action(description=_("Approve the selected memberships"))
    def approve_selected(self, request, queryset):
        try:
            with transaction.atomic():
                for membership in queryset:
                    services.approve_membership(membership=membership)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.message_user(request, _("Approved: %(count)d.") % {"count": queryset.count()}, messages.SUCCESS)

    @admin.action(description=_("Reject the selected memberships (with a reason)"))
    def reject_selected(self, request, queryset):
        return _reject_with_reason(
            self, request, queryset, lambda obj, reason: services.reject_membership(membership=obj, reason=reason)
        )


@admin.register(LegalText)
class LegalTextAdmin(TabbedTranslationAdmin):
    """New versions only: a published text is never changed, because consent records point at it."""

    list_display = ("kind", "version", "title", "published_at")
    list_filter = ("kind",)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ConsentRecord)
class ConsentRecordAdmin(admin.ModelAdmin):
    list_display = ("person", "kind", "version", "given", "channel", "recorded_at")
    list_filter = ("kind", "given", "channel")
    search_fields = ("person__search_text",)
    list_select_related = ("person",)

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, search_key(search_term))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ("filename", "kind", "status", "row_count", "error_count", "uploaded_by", "created_at", "imported_at")
    list_filter = ("kind", "status")
    exclude = ("content",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
