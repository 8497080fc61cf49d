from modeltranslation.translator import TranslationOptions, register

from .models import ActionItem, AgendaItem, AgendaTemplate, AgendaTemplateItem, Meeting, MeetingDocument


# English may stay empty while a meeting is a draft; publishing checks both languages
# (meetings.services.missing_translations).
@register(Meeting)
class MeetingTranslation(TranslationOptions):
    fields = ("title", "summary", "minutes", "outcomes")
    required_languages = {"tr": ("title",)}


@register(AgendaItem)
class AgendaItemTranslation(TranslationOptions):
    fields = ("title", "description")
    required_languages = {"tr": ("title",)}


@register(MeetingDocument)
class MeetingDocumentTranslation(TranslationOptions):
    fields = ("title",)
    required_languages = {"tr": ("title",)}


@register(ActionItem)
class ActionItemTranslation(TranslationOptions):
    fields = ("title", "source_title")
    required_languages = {"tr": ("title",)}


@register(AgendaTemplate)
class AgendaTemplateTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("tr", "en")


@register(AgendaTemplateItem)
class AgendaTemplateItemTranslation(TranslationOptions):
    fields = ("title", "description")
    required_languages = {"tr": ("title",)}
