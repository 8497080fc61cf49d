"""The library at benchmark scale: by default 2,000 documents with 20,000 pages of text in total
(Turkish, English and bilingual; about 2,500 characters a page, as a printed report has), each with
its search columns written by `library.services.refresh_search` like an extracted upload. Run after
`seed_scale` (pillars and thematic areas are reference data, so it also works on an empty registry)."""

import random
import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from library import services
from library.models import Document
from stakeholders.models import Pillar, ThematicArea

CHARS_PER_PAGE = 2_500
PROVINCES = ["İstanbul", "Ankara", "İzmir", "Gaziantep", "Şanlıurfa", "Hatay", "Van", "Edirne", "Iğdır", "Mersin",
             "Kilis", "Ağrı", "Muğla", "Çanakkale", "Kayseri", "Şırnak", "Hakkari", "Aydın", "Konya", "Bursa"]
SENTENCES_TR = [
    "{p} ilinde düzensiz göç hareketleri mevsimsel olarak artış gösterdi.",
    "Göç İdaresi Başkanlığı, {p} valiliği ve belediyelerle uyum hizmetlerini değerlendirdi.",
    "Sığınmacıların ve uluslararası koruma başvuru sahiplerinin sağlık hizmetlerine erişimi ele alındı.",
    "Geçici koruma altındaki çocukların okullaşma oranı {p} için ayrıca incelendi.",
    "Sivil toplum kuruluşları, göçmenlere yönelik hukuki danışmanlığın yaygınlaştırılmasını önerdi.",
    "Göçmen kaçakçılığıyla mücadelede sınır illeri arasında bilgi paylaşımı güçlendirildi.",
    "İnsan ticareti mağdurlarının tespiti için kolluk personeline eğitim verildi.",
    "Geri kabul anlaşmalarının uygulanmasında karşılaşılan sorunlar tartışıldı.",
    "Gönüllü geri dönüş ve yeniden entegrasyon programlarının izlenmesi için ortak göstergeler belirlendi.",
    "Üniversiteler, {p} ilindeki uyum kurulları için saha araştırması yapmayı üstlendi.",
    "Kayıt dışı istihdamın azaltılması için çalışma izinlerinin kolaylaştırılması önerildi.",
    "Toplantıya kamu kurumları, uluslararası kuruluşlar ve özel sektör temsilcileri katıldı.",
]
SENTENCES_EN = [
    "Irregular migration movements in {p} increased seasonally.",
    "The Presidency of Migration Management reviewed harmonisation services with the governorate of {p}.",
    "Access of asylum seekers and applicants for international protection to health services was discussed.",
    "School enrolment of children under temporary protection was examined separately for {p}.",
    "Civil society organisations proposed wider access to legal counselling for migrants.",
    "Information sharing between border provinces against migrant smuggling was strengthened.",
    "Law enforcement staff were trained to identify victims of human trafficking.",
    "Problems in implementing readmission agreements were discussed.",
    "Shared indicators were agreed for monitoring voluntary return and reintegration programmes.",
    "Universities undertook field research for the harmonisation boards in {p}.",
    "Easier work permits were recommended to reduce informal employment.",
    "Public institutions, international organisations and the private sector took part in the meeting.",
]
TITLES = [
    ("{p} ilinde uyum hizmetleri raporu", "Report on harmonisation services in {p}"),
    ("Düzensiz göç toplantısı tutanağı ({p})", "Minutes of the meeting on irregular migration ({p})"),
    ("Göçmen kaçakçılığıyla mücadele sunumu", "Presentation on countering migrant smuggling"),
    ("Geri kabul ve geri dönüş arka plan notu", "Background note on readmission and return"),
    ("Geçici koruma ve eğitim: {p} değerlendirmesi", "Temporary protection and education: {p} assessment"),
]


def _text(rng, pages: int, language: str) -> str:
    pools = {"tr": [SENTENCES_TR], "en": [SENTENCES_EN], "tr_en": [SENTENCES_TR, SENTENCES_EN]}[language]
    target, parts, size = pages * CHARS_PER_PAGE, [], 0
    while size < target:
        sentence = rng.choice(rng.choice(pools)).format(p=rng.choice(PROVINCES))
        parts.append(sentence)
        size += len(sentence) + 1
    return " ".join(parts)[: services.MAX_TEXT_CHARS]


class Command(BaseCommand):
    help = "Add library documents for benchmarks (default 2,000 documents, 20,000 pages of text)."

    def add_arguments(self, parser):
        parser.add_argument("--documents", type=int, default=2_000)
        parser.add_argument("--pages", type=int, default=20_000)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, documents, pages, seed, **options):
        started = time.monotonic()
        rng = random.Random(seed)
        pillars, areas = list(Pillar.objects.all()), list(ThematicArea.objects.all())
        # Pages per document between 1 and 19, scaled to the total asked for.
        weights = [rng.randint(1, 19) for _ in range(documents)]
        scale = pages / sum(weights)
        page_counts = [max(1, round(w * scale)) for w in weights]
        page_counts[-1] = max(1, page_counts[-1] + pages - sum(page_counts))
        new = []
        for number, page_count in enumerate(page_counts):
            language = rng.choice(["tr", "tr", "en", "tr_en"])
            province = rng.choice(PROVINCES)
            title_tr, title_en = (t.format(p=province) for t in rng.choice(TITLES))
            new.append(Document(
                title=title_tr, title_tr=title_tr, title_en=title_en,
                description=f"Ölçek verisi {number + 1}", description_tr=f"Ölçek verisi {number + 1}",
                description_en=f"Scale data {number + 1}", kind=rng.choice(Document.Kind.values), language=language,
                year=rng.randint(2022, 2026),
                visibility=Document.Visibility.PUBLIC if rng.random() < 0.4 else Document.Visibility.MEMBERS,
                text=_text(rng, page_count, language), text_state=Document.TextState.DONE, pages=page_count,
            ))
        with transaction.atomic():
            created = Document.objects.bulk_create(new, batch_size=200)
            Pillars, Areas = Document.pillars.through, Document.thematic_areas.through
            Pillars.objects.bulk_create([Pillars(document_id=d.pk, pillar_id=p.pk)
                                         for d in created for p in rng.sample(pillars, rng.randint(1, 3))])
            Areas.objects.bulk_create([Areas(document_id=d.pk, thematicarea_id=a.pk)
                                       for d in created for a in rng.sample(areas, rng.randint(1, 3))])
        for number, document in enumerate(created, start=1):
            services.refresh_search(document=document)
            if number % 500 == 0:
                self.stdout.write(f"  {number} documents indexed")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE library_document")  # the planner's statistics for the new rows
        self.stdout.write(self.style.SUCCESS(
            f"Library: {len(created)} documents, {sum(page_counts)} pages in {time.monotonic() - started:.1f} s."
        ))
