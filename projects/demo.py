"""Demo data of the projects app (proposals): projects of IOM, UNHCR, the Turkish Red Crescent, GIZ and
SGDD-ASAM (the demo stakeholder's organisation) in Gaziantep, Şanlıurfa, Van, Hatay, Edirne, İzmir and
nationwide — some overlapping — with PMM's opinions of every kind, one question-and-answer thread,
one overlap explanation, the opinion letters, and PMM's target-group figures for the coverage view.
Everything goes through the services, as the portal would. Idempotent: projects are found by title."""

import datetime

from django.contrib.auth import get_user_model

from magnet.roles import STAKEHOLDER, assign_role
from stakeholders.models import Membership, Organisation, Person, ThematicArea

from .models import OpinionLetter, Project, ProvinceNeed, TargetGroup
from .reference_data import load_target_groups
from .services import proposals as services

D = datetime.date
PMM_EMAIL = "pmm@demo.magnet.local"
STAKEHOLDER_EMAIL = "stakeholder@demo.magnet.local"

# Accounts of the organisations' project officers (stakeholders, not printed with the demo accounts).
AUTHORS = {
    "IOM": ("projeler.iom@demo.magnet.local", "Deniz", "Aksoy", "en"),
    "UNHCR": ("projeler.unhcr@demo.magnet.local", "Selin", "Karaca", "en"),
    "Türk Kızılay": ("projeler.kizilay@demo.magnet.local", "Emre", "Doğan", "tr"),
    "GIZ": ("projeler.giz@demo.magnet.local", "Lena", "Hoffmann", "en"),
}

PROJECTS = [
    {
        "org": "IOM", "outcome": ("favourable_conditions",
                                  "Proje, Gaziantep ve Şanlıurfa'daki işgücü uyumu ihtiyacına yanıt veriyor.",
                                  "The project answers the need for labour market integration in Gaziantep and Şanlıurfa.",
                                  "İl göç idaresi müdürlükleriyle üç ayda bir koordinasyon toplantısı yapın ve ara "
                                  "raporları Göç İdaresi Başkanlığına gönderin.",
                                  "Hold a coordination meeting with the provincial directorates every three months and "
                                  "send the interim reports to PMM."),
        "title_tr": "Gaziantep ve Şanlıurfa'da göçmen işçilerin işgücü piyasasına uyumu",
        "title_en": "Labour market integration of migrant workers in Gaziantep and Şanlıurfa",
        "summary_tr": "Geçici koruma altındaki yabancılar ve göçmen işçiler için mesleki eğitim, Türkçe dil kursu ve "
                      "işverenlerle eşleştirme.",
        "summary_en": "Vocational training, Turkish language courses and matching with employers for persons under "
                      "temporary protection and migrant workers.",
        "planned_activities_tr": "12 mesleki eğitim dönemi; 40 işveren buluşması; iş danışmanlığı.",
        "planned_activities_en": "12 vocational training cycles; 40 employer meetings; job counselling.",
        "expected_results_tr": "1.500 kişi eğitim alır, 600 kişi kayıtlı işe yerleşir.",
        "expected_results_en": "1,500 people trained, 600 placed in registered jobs.",
        "donors": "Avrupa Birliği", "currency": "EUR", "budget": "2400000",
        "starts_on": D(2025, 3, 1), "ends_on": D(2027, 8, 31), "provinces": ["27", "63"],
        "areas": ["labour-migration", "harmonisation"], "groups": ["migrant-workers", "temporary-protection"],
        "partners": ["Gaziantep Büyükşehir Belediyesi"],
    },
    {
        "org": "Sığınmacılar ve Göçmenlerle Dayanışma Derneği", "outcome": None, "thread": True, "explain": True,
        "title_tr": "Gaziantep'te geçici koruma altındaki kadın işçilere mesleki destek",
        "title_en": "Vocational support for women workers under temporary protection in Gaziantep",
        "summary_tr": "Geçici koruma altındaki kadınlar için mesleki eğitim, çocuk bakım desteği ve işverenlerle "
                      "eşleştirme.",
        "summary_en": "Vocational training, childcare support and matching with employers for women under temporary "
                      "protection.",
        "planned_activities_tr": "Kadınlara yönelik 6 eğitim dönemi; kreş desteği; işyeri ziyaretleri.",
        "planned_activities_en": "6 training cycles for women; childcare support; workplace visits.",
        "expected_results_tr": "400 kadın eğitim alır, 150 kadın işe yerleşir.",
        "expected_results_en": "400 women trained, 150 placed in jobs.",
        "donors": "Almanya Federal Cumhuriyeti", "currency": "EUR", "budget": "650000",
        "starts_on": D(2027, 1, 1), "ends_on": D(2028, 6, 30), "provinces": ["27"],
        "areas": ["labour-migration"], "groups": ["migrant-workers", "temporary-protection"],
    },
    {
        "org": "UNHCR", "outcome": ("favourable", "Van'daki başvuru sayısı hukuki danışmanlık ihtiyacını doğruluyor.",
                                    "The number of applications in Van confirms the need for legal counselling.", "", ""),
        "title_tr": "Van'da uluslararası koruma başvuru sahiplerine hukuki danışmanlık",
        "title_en": "Legal counselling for international protection applicants in Van",
        "summary_tr": "Baro iş birliğiyle başvuru sahiplerine ücretsiz hukuki bilgilendirme ve danışmanlık.",
        "summary_en": "Free legal information and counselling for applicants, with the bar association.",
        "planned_activities_tr": "Haftalık danışma günleri; avukatlara eğitim.",
        "planned_activities_en": "Weekly counselling days; training for lawyers.",
        "expected_results_tr": "3.000 kişiye danışmanlık verilir.",
        "expected_results_en": "3,000 people counselled.",
        "donors": "BM Mülteciler Yüksek Komiserliği", "currency": "USD", "budget": "480000",
        "starts_on": D(2026, 1, 1), "ends_on": D(2027, 12, 31), "provinces": ["65"],
        "areas": ["asylum"], "groups": ["international-protection"],
    },
    {
        "org": "Türk Kızılay", "outcome": ("not_favourable",
                                           "Hatay'da aynı hedef gruba yönelik iki proje sürüyor; bu teklif onları tekrarlıyor.",
                                           "Two projects for the same target group are under way in Hatay; this proposal "
                                           "repeats them.", "", ""),
        "title_tr": "Hatay'da ev sahibi topluluklarla sosyal uyum merkezleri",
        "title_en": "Social cohesion centres with host communities in Hatay",
        "summary_tr": "Ev sahibi topluluk ve geçici koruma altındaki yabancılar için ortak etkinlikler.",
        "summary_en": "Joint activities for host communities and persons under temporary protection.",
        "planned_activities_tr": "İki merkezde haftalık etkinlikler.",
        "planned_activities_en": "Weekly activities in two centres.",
        "expected_results_tr": "5.000 kişiye ulaşılır.",
        "expected_results_en": "5,000 people reached.",
        "donors": "Türk Kızılay", "currency": "TRY", "budget": "18500000",
        "starts_on": D(2026, 6, 1), "ends_on": D(2027, 5, 31), "provinces": ["31"],
        "areas": ["harmonisation"], "groups": ["host-communities", "temporary-protection"],
    },
    {
        "org": "GIZ", "outcome": ("more_information",
                                  "Belediyelerin hangi verileri paylaşacağını ve veri koruma önlemlerini açıklayın.",
                                  "Explain which data the municipalities will share and the data protection measures.",
                                  "", ""),
        "title_tr": "Belediyelerde göç verileri kapasitesinin geliştirilmesi",
        "title_en": "Building municipal capacity for migration data",
        "summary_tr": "Büyükşehir belediyelerinde göç verilerinin toplanması ve analizi için eğitim ve yazılım.",
        "summary_en": "Training and software for collecting and analysing migration data in metropolitan municipalities.",
        "planned_activities_tr": "30 belediyede eğitim; ortak gösterge seti.",
        "planned_activities_en": "Training in 30 municipalities; a shared set of indicators.",
        "expected_results_tr": "30 belediye göç verilerini ortak biçimde raporlar.",
        "expected_results_en": "30 municipalities report migration data in one format.",
        "donors": "Almanya Federal Ekonomik İşbirliği ve Kalkınma Bakanlığı", "currency": "EUR", "budget": "1100000",
        "starts_on": D(2026, 9, 1), "ends_on": D(2028, 8, 31), "provinces": [], "nationwide": True,
        "areas": ["migration-data", "capacity-building"], "groups": ["host-communities"],
    },
    {
        "org": "IOM", "outcome": None,
        "title_tr": "Edirne'de gönüllü geri dönüş danışmanlığı",
        "title_en": "Assisted voluntary return counselling in Edirne",
        "summary_tr": "Geri gönderme merkezindeki düzensiz göçmenlere gönüllü geri dönüş ve yeniden entegrasyon "
                      "danışmanlığı.",
        "summary_en": "Voluntary return and reintegration counselling for irregular migrants in the removal centre.",
        "planned_activities_tr": "Bireysel danışmanlık; dönüş sonrası izleme.",
        "planned_activities_en": "Individual counselling; monitoring after return.",
        "expected_results_tr": "800 kişi gönüllü olarak döner.",
        "expected_results_en": "800 people return voluntarily.",
        "donors": "Hollanda Krallığı", "currency": "EUR", "budget": "900000",
        "starts_on": D(2026, 4, 1), "ends_on": D(2028, 3, 31), "provinces": ["22"],
        "areas": ["readmission-return", "reintegration"], "groups": ["irregular-migrants"],
    },
    {
        "org": "Sığınmacılar ve Göçmenlerle Dayanışma Derneği", "outcome": "draft",
        "title_tr": "İzmir'de düzensiz göçmenlere psikososyal destek",
        "title_en": "",
        "summary_tr": "Kıyı ilçelerinde psikososyal destek ekipleri.",
        "provinces": ["35"], "areas": ["irregular-migration"], "groups": ["irregular-migrants"],
    },
]

NEEDS = [
    # province, target group, number
    ("34", "temporary-protection", 530000),
    ("27", "temporary-protection", 430000),
    ("63", "temporary-protection", 300000),
    ("31", "temporary-protection", 290000),
    ("79", "temporary-protection", 70000),
    ("65", "international-protection", 45000),
    ("06", "international-protection", 38000),
]


def _author(org_name: str, organisation: Organisation):
    User = get_user_model()
    if org_name == "Sığınmacılar ve Göçmenlerle Dayanışma Derneği":
        return User.objects.get(email=STAKEHOLDER_EMAIL)
    email, given, family, language = AUTHORS[org_name]
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=None, first_name=given, last_name=family,
                                        preferred_language=language)
        assign_role(user, STAKEHOLDER)
    person = Person.objects.filter(user=user).first() or Person.objects.create(
        user=user, given_name=given, family_name=family, email=email, preferred_language=language)
    Membership.objects.get_or_create(person=person, organisation=organisation, until=None,
                                     defaults={"role": "Proje Koordinatörü", "status": Membership.Status.APPROVED})
    return user


def _organisation(name: str) -> Organisation:
    return Organisation.objects.filter(acronym=name).first() or Organisation.objects.get(name_tr=name)


def seed(stdout):
    """Idempotent demo data for the proposals (called by `manage.py seed_demo`)."""
    User = get_user_model()
    official = User.objects.get(email=PMM_EMAIL)
    load_target_groups(TargetGroup)  # loaded by a migration; again here for a database flushed since
    groups = {g.code: g for g in TargetGroup.objects.all()}
    areas = {a.code: a for a in ThematicArea.objects.all()}
    made = 0
    for spec in PROJECTS:
        if Project.objects.filter(title_tr=spec["title_tr"]).exists():
            continue
        organisation = _organisation(spec["org"])
        author = _author(spec["org"], organisation)
        data = {key: spec[key] for key in (
            "title_tr", "title_en", "summary_tr", "summary_en", "planned_activities_tr", "planned_activities_en",
            "expected_results_tr", "expected_results_en", "donors", "currency", "budget", "starts_on", "ends_on",
        ) if key in spec}
        data.update(provinces=spec["provinces"], nationwide=spec.get("nationwide", False),
                    thematic_areas=[areas[c].pk for c in spec["areas"]],
                    target_groups=[groups[c].pk for c in spec["groups"]])
        if spec["outcome"] != "draft":
            partners = [_organisation(name).pk for name in spec.get("partners", ())]
            data.update(implementing_organisations=[organisation.pk], partner_organisations=partners)
        project = services.save_draft(actor=author, data=data, organisation=organisation)
        made += 1
        if spec["outcome"] == "draft":
            continue
        project = services.submit(project=project, actor=author)
        if spec.get("explain"):
            earlier = Project.objects.get(title_tr=PROJECTS[0]["title_tr"])
            services.explain_overlap(
                project=project, actor=author, other=earlier,
                explanation="Bizim teklifimiz yalnızca kadınlara yöneliktir ve çocuk bakım desteği içerir; IOM projesi "
                            "Şubat 2027'de Gaziantep'te yeni katılımcı almayı bırakıyor.",
            )
        if spec.get("thread"):
            services.ask_question(project=project, actor=official,
                                  body="Kreş desteği hangi kurumla ve hangi ilçelerde sağlanacak?")
            services.answer(project=project, actor=author,
                            body="Şahinbey ve Şehitkamil'de Gaziantep Büyükşehir Belediyesi'nin iki kreşiyle.")
        if spec["outcome"]:
            kind, reasons_tr, reasons_en, conditions_tr, conditions_en = spec["outcome"]
            services.give_opinion(project=project, actor=official, kind=kind, reasons_tr=reasons_tr,
                                  reasons_en=reasons_en, conditions_tr=conditions_tr, conditions_en=conditions_en)
    # The letters: rendered here by the same service the Celery task calls (the worker may not run yet).
    for letter_id in OpinionLetter.objects.filter(state=OpinionLetter.State.QUEUED).values_list("pk", flat=True):
        services.render_letter(letter_id=letter_id)
    for province, code, number in NEEDS:
        if not ProvinceNeed.objects.filter(province=province, target_group=groups[code]).exists():
            services.save_province_need(actor=official, province=province, target_group=groups[code], number=number,
                                        as_of=D(2026, 10, 31), source="Göç İdaresi Başkanlığı, göç istatistikleri")
    stdout.write(f"Projects: {made} new, {Project.objects.count()} in all, "
                 f"{OpinionLetter.objects.filter(state='done').count()} opinion letters.")
