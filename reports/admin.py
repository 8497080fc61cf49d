from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from magnet.admin_kit import TabbedTranslationAdmin

from .models import (
    Acknowledgement,
    DownloadLog,
    FieldReport,
    FieldReportAttachment,
    FieldReportFigure,
    PeriodicReport,
    ReportDocument,
    ReportingPeriod,
    Transition,
)
from .services import field_reports as field_report_services
from .services import generation


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(TabbedTranslationAdmin):
    list_display = ("name", "kind", "starts_on", "ends_on", "due_on")
    list_filter = ("kind",)
    date_hierarchy = "starts_on"


class FigureInline(admin.TabularInline):
    model = FieldReportFigure
    extra = 0
    fields = ("label_tr", "label_en", "value", "unit_tr", "unit_en", "is_statistic", "cleared_at", "cleared_by")
    readonly_fields = ("cleared_at", "cleared_by")


class AttachmentInline(admin.TabularInline):
    model = FieldReportAttachment
    extra = 0
    fields = ("original_name", "caption", "size", "uploaded_by", "uploaded_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class TransitionInline(admin.TabularInline):
    model = Transition
    extra = 0
    fields = ("at", "actor", "from_state", "to_state", "comment")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(FieldReport)
class FieldReportAdmin(TabbedTranslationAdmin):
    list_display = ("title", "author", "period", "province", "status", "submitted_at")
    list_filter = ("status", "period", "province")
    search_fields = ("title_tr", "title_en", "author__email")
    readonly_fields = ("author", "status", "submitted_at", "approved_at")
    inlines = [FigureInline, AttachmentInline, TransitionInline]
    actions = ["approve"]

    @admin.action(description=_("Approve the selected submitted field reports"))
    def approve(self, request, queryset):
        for report in queryset:
            try:
                field_report_services.approve_field_report(report=report, actor=request.user)
            except ValidationError as error:
                self.message_user(request, f"{report}: {' '.join(error.messages)}", messages.ERROR)


class DocumentInline(admin.TabularInline):
    model = ReportDocument
    extra = 0
    fields = ("version", "language", "state", "progress", "page_count", "size", "sha256", "sent_at", "error")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PeriodicReport)
class PeriodicReportAdmin(TabbedTranslationAdmin):
    list_display = ("title", "kind", "period", "status", "sent_at")
    list_filter = ("kind", "status", "period")
    readonly_fields = ("status", "figures", "figures_compiled_at", "created_by", "sent_at")
    filter_horizontal = ("field_reports",)
    inlines = [DocumentInline, TransitionInline]


@admin.register(ReportDocument)
class ReportDocumentAdmin(admin.ModelAdmin):
    list_display = ("report", "version", "language", "state", "progress", "attempts", "queued_at", "finished_at")
    list_filter = ("state", "language")
    readonly_fields = [f.name for f in ReportDocument._meta.fields]
    actions = ["retry"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Retry the selected failed documents"))
    def retry(self, request, queryset):
        for document in queryset:
            try:
                generation.retry_document(document=document, actor=request.user)
            except ValidationError as error:
                self.message_user(request, f"{document}: {' '.join(error.messages)}", messages.ERROR)


@admin.register(Acknowledgement)
class AcknowledgementAdmin(admin.ModelAdmin):
    list_display = ("report", "version", "user", "at")
    readonly_fields = ("report", "version", "user", "comment", "at")

    def has_add_permission(self, request):
        return False


@admin.register(DownloadLog)
class DownloadLogAdmin(admin.ModelAdmin):
    list_display = ("at", "user", "report", "document", "kind", "sha256")
    list_filter = ("kind",)
    readonly_fields = ("report", "document", "kind", "user", "sha256", "at")

    def has_add_permission(self, request):
        return False
