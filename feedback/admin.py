from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from magnet.admin_kit import TabbedTranslationAdmin, TranslationStackedInline, TranslationTabularInline

from . import services
from .models import FeedbackForm, Option, Question, QuestionTemplate


class QuestionInline(TranslationStackedInline):
    model = Question
    extra = 0
    fields = ("order", "kind", "text", "required", "options_link")
    readonly_fields = ("options_link",)

    @admin.display(description=_("options"))
    def options_link(self, obj):
        if not obj.pk or not obj.has_options:
            return "—"
        return format_html('<a href="{}">{}</a>', reverse("admin:feedback_question_change", args=[obj.pk]), _("Edit the options"))


@admin.register(QuestionTemplate)
class QuestionTemplateAdmin(TabbedTranslationAdmin):
    list_display = ("title", "problems")
    search_fields = ("title_tr", "title_en")
    inlines = [QuestionInline]

    @admin.display(description=_("ready to send"))
    def problems(self, obj):
        problems = services.missing_translations(template=obj)
        return "; ".join(problems) if problems else _("yes")


class OptionInline(TranslationTabularInline):
    model = Option
    extra = 0


@admin.register(Question)
class QuestionAdmin(TabbedTranslationAdmin):
    list_display = ("text", "template", "kind", "order")
    list_filter = ("template", "kind")
    inlines = [OptionInline]


@admin.register(FeedbackForm)
class FeedbackFormAdmin(admin.ModelAdmin):
    list_display = ("__str__", "template", "state", "sent_at", "closes_at", "reminder_sent_at", "results")
    list_filter = ("state", "template")
    list_select_related = ("meeting", "conference", "template")
    autocomplete_fields = ()
    raw_id_fields = ("meeting", "conference")
    readonly_fields = ("state", "sent_at", "closes_at", "reminder_sent_at", "closed_at")
    fields = ("template", "meeting", "conference", "anonymous", "open_days", "reminder_days") + readonly_fields
    actions = ["send", "remind", "close"]

    @admin.display(description=_("results"))
    def results(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("feedback:staff_results", args=[obj.pk]), _("Results"))

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.state != FeedbackForm.State.DRAFT:
            return (*self.readonly_fields, "template", "meeting", "conference", "anonymous")
        return self.readonly_fields

    def _run(self, request, queryset, operation, done_message):
        for form in queryset:
            try:
                operation(form=form)
            except ValidationError as error:
                self.message_user(request, format_html("{}: {}", form, "; ".join(error.messages)), level=messages.ERROR)
            else:
                self.message_user(request, format_html("{}: {}", form, done_message), level=messages.SUCCESS)

    @admin.action(description=_("Send the feedback form to the attendees"))
    def send(self, request, queryset):
        self._run(request, queryset, services.send_form, _("form sent to the attendees"))

    @admin.action(description=_("Send the one reminder to those who have not answered"))
    def remind(self, request, queryset):
        self._run(request, queryset, services.send_reminder, _("reminder sent to those who have not answered"))

    @admin.action(description=_("Close the selected feedback forms"))
    def close(self, request, queryset):
        self._run(request, queryset, services.close_form, _("closed"))
