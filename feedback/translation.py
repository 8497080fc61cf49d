from modeltranslation.translator import TranslationOptions, register

from .models import Option, Question, QuestionTemplate


# A template may be drafted in Turkish first; a form is only sent when every question and option
# has both languages (feedback.services.missing_translations).
@register(QuestionTemplate)
class QuestionTemplateTranslation(TranslationOptions):
    fields = ("title",)
    required_languages = {"tr": ("title",)}


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("text",)
    required_languages = {"tr": ("text",)}


@register(Option)
class OptionTranslation(TranslationOptions):
    fields = ("label",)
    required_languages = {"tr": ("label",)}
