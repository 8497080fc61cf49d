from modeltranslation.translator import TranslationOptions, register

from .models import Conference, ProgrammeTemplate, RegistrationType, Room, Session


@register(Conference)
class ConferenceTranslation(TranslationOptions):
    fields = ("title", "description", "venue", "interpretation", "letter_signatory_title")
    required_languages = {"tr": ("title", "venue"), "en": ("title", "venue")}


@register(RegistrationType)
class RegistrationTypeTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("tr", "en")


@register(Room)
class RoomTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("tr", "en")


@register(Session)
class SessionTranslation(TranslationOptions):
    fields = ("title", "abstract")
    required_languages = {"tr": ("title",), "en": ("title",)}


@register(ProgrammeTemplate)
class ProgrammeTemplateTranslation(TranslationOptions):
    fields = ("title", "description")
    required_languages = {"tr": ("title",), "en": ("title",)}
