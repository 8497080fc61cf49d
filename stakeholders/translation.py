import simple_history
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


# Organisation's change history is registered here, right after modeltranslation has added name_tr,
# name_en, description_tr and description_en, so the historical model has those columns too. (This
# module is imported by modeltranslation's ready(), before any other app builds a query.)
if not hasattr(Organisation, "history"):
    simple_history.register(Organisation, excluded_fields=["search_text", "acronym_key", "sort_tr", "sort_en"])


@register(LegalText)
class LegalTextTranslation(TranslationOptions):
    fields = ("title", "body")
    required_languages = ("tr", "en")
