"""Demo library (idempotent): bilingual PDFs generated with the portal's PDF machinery, attached to
the demo meetings (published into the library by library.sync) and one conference outcome uploaded
by staff; some public, some for members only."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from magnet.pdf import render_pdf
from meetings.models import Meeting, MeetingDocument
from stakeholders.models import Pillar, ThematicArea

from . import services
from .models import Document


def make_pdf(title: str, sections, *, subtitle: str = "") -> bytes:
    """A small real PDF (WeasyPrint, embedded Noto Sans, so Turkish letters are text, not shapes).
    `sections`: [(heading, [paragraph, …]), …]."""
    context = {"title": title, "subtitle": subtitle,
               "sections": [{"heading": h, "paragraphs": list(p)} for h, p in sections]}
    return render_pdf("pdf/library/sample_document.html", context, pdf_variant=None).content


MEETING_DOCUMENTS = [
    # (meeting's English title, kind, title tr, title en, file name, sections, public)
    (
        "Four-Pillar Meeting on Harmonisation", MeetingDocument.Kind.BACKGROUND,
        "Yerel uyum hizmetleri arka plan notu", "Background note on local harmonisation services",
        "uyum-arka-plan-notu.pdf",
        [
            ("Giriş / Introduction", [
                "Bu not, Göç İdaresi Başkanlığı ile il uyum kurullarının İstanbul, Gaziantep ve Hatay'da yürüttüğü "
                "uyum hizmetlerini özetlemektedir. Sığınmacıların ve uluslararası koruma başvuru sahiplerinin "
                "yerel hizmetlere erişimi, belediyelerle işbirliği içinde değerlendirilmiştir.",
                "This note summarises the harmonisation services that the Presidency of Migration Management and "
                "provincial harmonisation boards run in İstanbul, Gaziantep and Hatay, and how asylum seekers reach them.",
            ]),
            ("Bulgular / Findings", [
                "Dil kurslarına katılım son iki yılda arttı; ancak ilçelerde ulaşım hâlâ en büyük engel. "
                "Sivil toplum kuruluşları, mahalle düzeyinde rehberlik hizmeti sunmayı önerdi.",
                "Participation in language courses rose over the last two years; transport in the districts "
                "remains the main obstacle. Civil society proposed neighbourhood-level guidance.",
            ]),
        ],
        True,
    ),
    (
        "Four-Pillar Meeting on Harmonisation", MeetingDocument.Kind.PRESENTATION,
        "Uyum göstergeleri için ortak anket: sunum", "A joint survey on harmonisation indicators: presentation",
        "uyum-gostergeleri-sunum.pdf",
        [
            ("Anket tasarımı / Survey design", [
                "Hacettepe Üniversitesi Göç Araştırmaları Merkezi, uyum göstergeleri için 24 soruluk bir anket taslağı "
                "hazırladı: istihdam, eğitim, sağlık ve sosyal uyum.",
                "Hacettepe University's Migration Research Centre drafted a 24-question survey on harmonisation "
                "indicators: employment, education, health and social cohesion.",
            ]),
        ],
        False,
    ),
    (
        "Working Group on Migration Data (online)", MeetingDocument.Kind.BACKGROUND,
        "Göç verileri sözlüğü taslağı", "Draft migration data dictionary",
        "goc-verileri-sozlugu.pdf",
        [
            ("Tanımlar / Definitions", [
                "Düzensiz göçmen, geri kabul, geçici koruma ve ikamet izni kavramlarının kurumlar arasında ortak "
                "tanımları önerilmektedir. Veriler il bazında, aylık olarak paylaşılacaktır.",
                "Shared definitions are proposed for irregular migrant, readmission, temporary protection and "
                "residence permit; data are to be exchanged monthly, by province.",
            ]),
        ],
        False,
    ),
]


def _attach(meeting: Meeting, kind, title_tr, title_en, filename, sections) -> MeetingDocument:
    existing = MeetingDocument.objects.filter(meeting=meeting, title_en=title_en).first()
    if existing:
        return existing
    content = make_pdf(title_tr, sections, subtitle=title_en)
    document = MeetingDocument(meeting=meeting, kind=kind, title=title_tr, title_tr=title_tr, title_en=title_en)
    document.file.save(filename, ContentFile(content), save=False)
    document.save()  # library.sync publishes it into the library
    return document


def seed(stdout):
    for meeting_title, kind, title_tr, title_en, filename, sections, public in MEETING_DOCUMENTS:
        meeting = Meeting.objects.filter(title_en=meeting_title).first()
        if meeting is None:
            continue
        source = _attach(meeting, kind, title_tr, title_en, filename, sections)
        if public:
            services.set_visibility(documents=Document.objects.filter(meeting_document=source), visibility=Document.Visibility.PUBLIC)
    held = Meeting.objects.filter(title_en="Four-Pillar Meeting on Harmonisation").first()
    if held:
        services.set_visibility(
            documents=Document.objects.filter(meeting=held, meeting_part=Document.Part.OUTCOMES),
            visibility=Document.Visibility.PUBLIC,
        )
    title_en = "Regional MAGNET Conference: conclusions"
    if not Document.objects.filter(title_en=title_en).exists():
        sections = [
            ("Sonuçlar / Conclusions", [
                "Bölgesel konferans, göçmen kaçakçılığıyla mücadelede sınır illeri arasında bilgi paylaşımını ve "
                "İzmir, Van ve Edirne'de ortak eğitimleri önerdi. Katılımcılar, geri dönüş ve yeniden entegrasyon "
                "programlarının izlenmesi için ortak bir çerçeve üzerinde uzlaştı.",
                "The regional conference recommended information sharing between border provinces against "
                "migrant smuggling and joint training in İzmir, Van and Edirne, and agreed on a shared framework "
                "for monitoring return and reintegration programmes.",
            ]),
        ]
        upload = ContentFile(make_pdf("Bölgesel MAGNET Konferansı: sonuç bildirgesi", sections, subtitle=title_en),
                             name="magnet-konferansi-sonuc-bildirgesi.pdf")
        year = (timezone.localdate() - datetime.timedelta(days=60)).year
        services.add_document(
            title_tr="Bölgesel MAGNET Konferansı: sonuç bildirgesi", title_en=title_en,
            description_tr="Konferansın sonuç bildirgesi ve öneriler.",
            description_en="The conference's conclusions and recommendations.",
            kind=Document.Kind.OUTCOME, language=Document.Language.BILINGUAL, year=year,
            visibility=Document.Visibility.PUBLIC, file=upload,
            pillars=list(Pillar.objects.all()),
            thematic_areas=list(ThematicArea.objects.filter(code__in=["border-management", "migrant-smuggling", "readmission-return", "reintegration"])),
            event_title_tr="Bölgesel MAGNET Konferansı", event_title_en="Regional MAGNET Conference",
        )
    stdout.write(f"Library: {Document.objects.filter(is_listed=True).count()} documents.")
