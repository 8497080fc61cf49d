"""Demo data of the reports app: reporting periods around November 2026, field reports of the demo
field reporter in every state, and one monthly report sent to PMM with its PDFs generated here, by
the same service the Celery task calls. Idempotent: a second run finds everything and changes nothing."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model

from .models import FieldReport, PeriodicReport, ReportDocument, ReportingPeriod
from .services import field_reports, generation, periodic

REPORTER = "reporter@demo.magnet.local"
STAFF = "staff@demo.magnet.local"
D = datetime.date

PERIODS = [
    # kind, Turkish name, English name, starts, ends, due
    ("quarter", "2026 3. çeyrek", "2026 Q3", D(2026, 7, 1), D(2026, 9, 30), D(2026, 10, 15)),
    ("month", "Ekim 2026", "October 2026", D(2026, 10, 1), D(2026, 10, 31), D(2026, 11, 10)),
    ("month", "Kasım 2026", "November 2026", D(2026, 11, 1), D(2026, 11, 30), D(2026, 11, 27)),
    ("quarter", "2026 4. çeyrek", "2026 Q4", D(2026, 10, 1), D(2026, 12, 31), D(2027, 1, 15)),
    ("interim", "Proje ara dönemi (2026)", "Project interim period (2026)", D(2026, 1, 1), D(2026, 12, 31), D(2027, 1, 31)),
]

FIELD_REPORTS = [
    {
        "period": "Ekim 2026", "state": "approved", "province": "27", "place": "Karkamış sınır kapısı",
        "title_tr": "Gaziantep: Karkamış'ta dört sütunlu paydaş toplantıları",
        "title_en": "Gaziantep: four-pillar stakeholder meetings in Karkamış",
        "situation_overview_tr": "Ekim ayında sınır kapısındaki geçişler önceki aya göre azaldı. İl göç idaresi ile "
                                 "belediye arasındaki koordinasyon güçlendi.",
        "situation_overview_en": "Crossings at the border gate decreased in October compared with the previous month. "
                                 "Coordination between the provincial migration directorate and the municipality improved.",
        "stakeholder_engagement_tr": "Valilik, üç sivil toplum kuruluşu, UNHCR ve Gaziantep Üniversitesi ile iki "
                                     "toplantı yapıldı.",
        "stakeholder_engagement_en": "Two meetings were held with the governorate, three NGOs, UNHCR and Gaziantep "
                                     "University.",
        "needs_and_challenges_tr": "Arapça ve Farsça tercüman ihtiyacı sürüyor; kayıt işlemlerinde bekleme süreleri uzun.",
        "needs_and_challenges_en": "Arabic and Farsi interpreters are still needed; waiting times for registration are long.",
        "recommendations_tr": "İl göç kurulunun ayda bir toplanması ve tercüman havuzunun paylaşılması önerilir.",
        "recommendations_en": "We recommend a monthly meeting of the provincial migration board and a shared pool of "
                              "interpreters.",
        "numbers": (2, 9, 14, 11, 4, 3),
        "figures": [("Dağıtılan bilgilendirme broşürü", "Information leaflets handed out", Decimal("850"), "adet", "items", False)],
    },
    {
        "period": "Ekim 2026", "state": "approved", "province": "35", "place": "Çeşme ve Dikili",
        "title_tr": "İzmir: kıyı ilçelerinde düzensiz göç gözlemi",
        "title_en": "İzmir: observation of irregular migration in coastal districts",
        "situation_overview_tr": "Kıyı ilçelerinde yakalama sayılarında mevsimsel bir düşüş gözlendi.",
        "situation_overview_en": "A seasonal decrease in apprehensions was observed in the coastal districts.",
        "stakeholder_engagement_tr": "Sahil Güvenlik, kaymakamlıklar ve iki STK ile ortak değerlendirme yapıldı.",
        "stakeholder_engagement_en": "A joint review was held with the Coast Guard, the district governorates and two NGOs.",
        "needs_and_challenges_tr": "Geri gönderme merkezlerinde psikososyal destek kapasitesi sınırlı.",
        "needs_and_challenges_en": "Psychosocial support capacity in removal centres is limited.",
        "recommendations_tr": "Psikososyal destek için STK'larla protokol yapılması önerilir.",
        "recommendations_en": "We recommend a protocol with NGOs for psychosocial support.",
        "numbers": (1, 6, 9, 5, 2, 0),
        "figures": [("Kıyıda yakalanan düzensiz göçmen", "Irregular migrants apprehended on the coast", Decimal("1240"),
                     "kişi", "people", True)],
    },
    {
        "period": "Ekim 2026", "state": "submitted", "province": "65", "place": "Kapıköy",
        "title_tr": "Van: Kapıköy'de sivil toplum ile istişare",
        "title_en": "Van: consultation with civil society in Kapıköy",
        "situation_overview_tr": "Sınır hattında hareketlilik sürüyor.",
        "situation_overview_en": "Movements along the border continue.",
        "stakeholder_engagement_tr": "Dört yerel dernekle istişare toplantısı yapıldı.",
        "stakeholder_engagement_en": "A consultation meeting was held with four local associations.",
        "needs_and_challenges_tr": "Kış koşullarında barınma ihtiyacı artıyor.",
        "needs_and_challenges_en": "Shelter needs grow in winter conditions.",
        "recommendations_tr": "Kış öncesi barınma planının gözden geçirilmesi önerilir.",
        "recommendations_en": "We recommend reviewing the shelter plan before winter.",
        "numbers": (1, 4, 3, 9, 0, 0),
        "figures": [],
    },
    {
        "period": "Kasım 2026", "state": "changes_requested", "province": "31", "place": "Antakya",
        "title_tr": "Hatay: geçici barınma alanlarında uyum çalışmaları",
        "title_en": "Hatay: integration work in temporary shelter areas",
        "situation_overview_tr": "Konteyner kentlerde uyum faaliyetleri yeniden başladı.",
        "situation_overview_en": "Integration activities resumed in the container cities.",
        "stakeholder_engagement_tr": "AFAD ve iki uluslararası kuruluşla görüşüldü.",
        "stakeholder_engagement_en": "Meetings were held with AFAD and two international organisations.",
        "needs_and_challenges_tr": "Çocuklar için Türkçe kursu ihtiyacı yüksek.",
        "needs_and_challenges_en": "There is a high need for Turkish courses for children.",
        "recommendations_tr": "Milli Eğitim ile ortak kurs planı önerilir.",
        "recommendations_en": "We recommend a joint course plan with the Ministry of National Education.",
        "numbers": (2, 5, 6, 2, 5, 1),
        "figures": [],
        "review": "Katılımcı sayılarını toplantı tutanaklarıyla karşılaştırıp düzeltir misiniz?",
    },
    {
        "period": "Kasım 2026", "state": "draft", "province": "76", "place": "Aralık ilçesi",
        "title_tr": "Iğdır: sınır köylerinde farkındalık toplantıları",
        "title_en": "",
        "situation_overview_tr": "Sınır köylerinde düzensiz göç konusunda farkındalık toplantıları planlandı.",
        "situation_overview_en": "",
        "stakeholder_engagement_tr": "Muhtarlar ve jandarma ile ön görüşme yapıldı.",
        "stakeholder_engagement_en": "",
        "needs_and_challenges_tr": "", "needs_and_challenges_en": "",
        "recommendations_tr": "", "recommendations_en": "",
        "numbers": (0, 2, 0, 0, 0, 0),
        "figures": [],
    },
]

NUMBER_FIELDS = ("meetings_held", "organisations_engaged", "participants_public", "participants_civil",
                 "participants_international", "participants_private_academia")


def seed(stdout):
    """Idempotent demo data for this app (called by `manage.py seed_demo`)."""
    User = get_user_model()
    reporter = User.objects.filter(email=REPORTER).first()
    staff = User.objects.filter(email=STAFF).first()
    if reporter is None or staff is None:
        stdout.write("reports: demo accounts missing, nothing seeded")
        return
    periods = {}
    for kind, name_tr, name_en, starts, ends, due in PERIODS:
        period, _created = ReportingPeriod.objects.get_or_create(
            kind=kind, starts_on=starts, ends_on=ends,
            defaults={"name": name_tr, "name_tr": name_tr, "name_en": name_en, "due_on": due},
        )
        periods[name_tr] = period
    for spec in FIELD_REPORTS:
        _field_report(spec, reporter=reporter, staff=staff, period=periods[spec["period"]])
    _sent_monthly_report(staff=staff, period=periods["Ekim 2026"])
    stdout.write(f"reports: {ReportingPeriod.objects.count()} periods, {FieldReport.objects.count()} field reports, "
                 f"{PeriodicReport.objects.count()} periodic reports")


def _field_report(spec, *, reporter, staff, period):
    if FieldReport.objects.filter(author=reporter, title_tr=spec["title_tr"]).exists():
        return
    values = {key: spec[key] for key in field_reports.EDITABLE_FIELDS if key in spec}
    values.update(period=period, **dict(zip(NUMBER_FIELDS, spec["numbers"], strict=True)))
    figures = [
        field_reports.FigureInput(label_tr=tr, label_en=en, value=value, unit_tr=unit_tr, unit_en=unit_en,
                                  is_statistic=statistic)
        for tr, en, value, unit_tr, unit_en, statistic in spec["figures"]
    ]
    report = field_reports.save_field_report(author=reporter, values=values, figures=figures)
    if spec["state"] == "draft":
        return
    field_reports.submit_field_report(report=report, actor=reporter)
    if spec["state"] == "approved":
        field_reports.approve_field_report(report=report, actor=staff, comment="Teşekkürler, çok açık bir rapor.")
    elif spec["state"] == "changes_requested":
        field_reports.request_changes(report=report, actor=staff, comment=spec["review"])


def _sent_monthly_report(*, staff, period):
    if PeriodicReport.objects.filter(kind=PeriodicReport.Kind.ACTIVITY_MONTHLY, period=period).exists():
        return
    report = periodic.create_periodic_report(actor=staff, values={
        "kind": PeriodicReport.Kind.ACTIVITY_MONTHLY,
        "period": period,
        "title_tr": "MAGNET Ekim 2026 faaliyet raporu",
        "title_en": "MAGNET activity report, October 2026",
        "executive_summary_tr": (
            "Ekim 2026'da MAGNET ağı dört sütunlu bir toplantı düzenledi ve Gaziantep ile İzmir'den iki saha raporu "
            "onaylandı. Paydaş kaydı kamu kurumları ve sivil toplum sütunlarında büyümeye devam etti.\n\n"
            "Saha gözlemleri tercüman ihtiyacına ve psikososyal destek kapasitesine dikkat çekiyor."
        ),
        "executive_summary_en": (
            "In October 2026 the MAGNET network held one four-pillar meeting, and two field reports from Gaziantep "
            "and İzmir were approved. The stakeholder registry kept growing in the public-institution and "
            "civil-society pillars.\n\nField observations point to the need for interpreters and for "
            "psychosocial support capacity."
        ),
    })
    periodic.approve_periodic_report(report=report, actor=staff)
    # The same services the Celery task runs, called here synchronously so the demo has its PDFs at once.
    for document in generation.request_generation(report=report, actor=staff):
        generation.render_document(document_id=document.pk)
    if report.documents.exclude(state=ReportDocument.State.DONE).exists():
        raise RuntimeError("reports demo: PDF generation failed")
    periodic.send_to_pmm(report=report, actor=staff, comment="Ekim 2026 aylık raporu.")
