from modeltranslation.translator import TranslationOptions, register

from .models import LegalText, Organisation, OrganisationType, Pillar, ThematicArea


@register(Pillar)
class PillarTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("tr", "en")


@register(OrganisationType)
class OrganisationTypeTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("tr", "en")


@register(ThematicArea)
class ThematicAreaTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("tr", "en")


@register(Organisation)
class OrganisationTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = {"tr": ("name",), "en": ()}


@register(LegalText)
class LegalTextTranslation(TranslationOptions):
    fields = ("title", "body")
    required_languages = ("tr", "en")
