from modeltranslation.translator import TranslationOptions, register

from .models import FieldReport, FieldReportFigure, PeriodicReport, ReportingPeriod


@register(ReportingPeriod)
class ReportingPeriodTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("tr", "en")


@register(FieldReport)
class FieldReportTranslation(TranslationOptions):
    # A draft may lack a language; submission requires both (reports.services.submit_field_report).
    fields = ("title", "situation_overview", "stakeholder_engagement", "needs_and_challenges", "recommendations")
    required_languages = ()


@register(FieldReportFigure)
class FieldReportFigureTranslation(TranslationOptions):
    fields = ("label", "unit")
    required_languages = ()


@register(PeriodicReport)
class PeriodicReportTranslation(TranslationOptions):
    fields = ("title", "executive_summary")
    required_languages = {"tr": ("title",), "en": ("title",)}
