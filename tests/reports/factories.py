"""Factories of the reports app."""

import datetime

import factory
from allauth.mfa.models import Authenticator

from magnet.roles import FIELD_REPORTER, ICMPD_STAFF, PMM_OFFICIAL
from reports.models import FieldReport, FieldReportFigure, ReportingPeriod
from tests.factories import UserFactory


def png_bytes(size=(8, 6), color=(11, 61, 110)) -> bytes:
    """A real (decodable) PNG: uploads are decoded in full, so a magic number alone no longer passes."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


def with_totp(user):
    """Staff and PMM officials must have enrolled two-factor before any reports page."""
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    return user


def staff_user(**kwargs):
    return with_totp(UserFactory(role=ICMPD_STAFF, **kwargs))


def pmm_user(**kwargs):
    return with_totp(UserFactory(role=PMM_OFFICIAL, **kwargs))


def reporter_user(**kwargs):
    return UserFactory(role=FIELD_REPORTER, **kwargs)


class PeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingPeriod

    kind = ReportingPeriod.Kind.QUARTER
    name = factory.Sequence(lambda n: f"2026 Çeyrek {n}")
    name_tr = factory.SelfAttribute("name")
    name_en = factory.Sequence(lambda n: f"2026 Quarter {n}")
    starts_on = factory.Sequence(lambda n: datetime.date(2026, 1, 1) + datetime.timedelta(days=n))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + datetime.timedelta(days=89))
    due_on = factory.LazyAttribute(lambda o: o.ends_on + datetime.timedelta(days=10))


class FieldReportFactory(factory.django.DjangoModelFactory):
    """A complete report (both languages written), in draft unless `status` says otherwise."""

    class Meta:
        model = FieldReport

    author = factory.LazyFunction(reporter_user)
    period = factory.SubFactory(PeriodFactory)
    title = factory.Sequence(lambda n: f"Gaziantep saha raporu {n}")
    title_tr = factory.SelfAttribute("title")
    title_en = factory.Sequence(lambda n: f"Gaziantep field report {n}")
    province = "27"
    place = "Karkamış sınır kapısı"
    situation_overview_tr = "İl genelinde göç hareketliliği azaldı."
    situation_overview_en = "Migration movements across the province decreased."
    stakeholder_engagement_tr = "Valilik, belediye ve STK'larla üç toplantı yapıldı."
    stakeholder_engagement_en = "Three meetings were held with the governorate, the municipality and NGOs."
    needs_and_challenges_tr = "Tercüman ihtiyacı sürüyor."
    needs_and_challenges_en = "The need for interpreters continues."
    recommendations_tr = "İl göç kurulunun düzenli toplanması önerilir."
    recommendations_en = "We recommend that the provincial migration board meet regularly."
    meetings_held = 3
    organisations_engaged = 7
    participants_public = 12
    participants_civil = 8
    participants_international = 3
    participants_private_academia = 2


class FigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FieldReportFigure

    report = factory.SubFactory(FieldReportFactory)
    label = "Kayıtlı düzensiz göçmen"
    label_tr = factory.SelfAttribute("label")
    label_en = "Registered irregular migrants"
    value = 1250
    unit = "kişi"
    unit_tr = "kişi"
    unit_en = "people"


def approved_report(**kwargs) -> FieldReport:
    from django.utils import timezone

    return FieldReportFactory(status=FieldReport.Status.APPROVED, submitted_at=timezone.now(),
                              approved_at=timezone.now(), **kwargs)


def compiled_report(*, staff, period, **values):
    """A periodic report compiled through the service (figures snapshotted, approved reports annexed)."""
    from reports.services.periodic import create_periodic_report

    data = {
        "kind": "quarterly",
        "period": period,
        "title_tr": "Göç İdaresi Başkanlığına çeyrek dönem faaliyet raporu",
        "title_en": "Quarterly activity report to the Presidency of Migration Management",
        "executive_summary_tr": "İzmir ve Iğdır'da paydaş katılımı arttı.",
        "executive_summary_en": "Stakeholder engagement grew in İzmir and Iğdır.",
    }
    data.update(values)
    return create_periodic_report(actor=staff, values=data)


def make_document(report, *, requested_by, version=1, language="tr", sent=False, content=b"%PDF-1.7\n% test\n"):
    """A finished edition stored without rendering (for access and workflow tests)."""
    import hashlib

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from reports.models import ReportDocument

    document = ReportDocument(report=report, version=version, language=language, requested_by=requested_by,
                              state=ReportDocument.State.DONE, progress=100, sha256=hashlib.sha256(content).hexdigest(),
                              size=len(content), page_count=1, finished_at=timezone.now(),
                              sent_at=timezone.now() if sent else None)
    document.file.save(document.filename, ContentFile(content), save=False)
    document.save()
    return document


def sent_report(*, staff, period, version=1):
    """A periodic report sent to PMM (through the service) with three finished editions of `version`."""
    from reports.services.periodic import approve_periodic_report, send_to_pmm

    report = compiled_report(staff=staff, period=period)
    approve_periodic_report(report=report, actor=staff)
    for language in ("tr", "en", "bilingual"):
        make_document(report, requested_by=staff, version=version, language=language)
    send_to_pmm(report=report, actor=staff)
    report.refresh_from_db()
    return report
