from modeltranslation.translator import TranslationOptions, register

from .models import Opinion, Project, TargetGroup


@register(TargetGroup)
class TargetGroupTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("tr", "en")


@register(Project)
class ProjectTranslation(TranslationOptions):
    # Nothing is required here: a draft keeps whatever was typed. Submitting requires both languages
    # (projects.services.proposals.submission_errors).
    fields = ("title", "summary", "planned_activities", "expected_results")
    required_languages = ()


@register(Opinion)
class OpinionTranslation(TranslationOptions):
    fields = ("reasons", "conditions")
    required_languages = {"tr": ("reasons",), "en": ("reasons",)}
