"""Demo registry: organisations of the four pillars, people with Turkish, Arabic and Persian names,
memberships, focal points and consent records, and the four demo accounts linked to people.
Idempotent: rows are found by a natural key (organisation Turkish name, person e-mail) and created
only when missing, so running `manage.py seed_demo` twice changes nothing."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from .models import ConsentRecord, LegalText, Membership, Organisation, OrganisationType, Person, ThematicArea

# acronym, tr name, en name, type code, country, province (TR) or city, parent acronym, themes, website
ORGANISATIONS = [
    ("PMM", "Göç İdaresi Başkanlığı", "Presidency of Migration Management", "presidency", "TR", "06", "",
     "border-management asylum irregular-migration harmonisation migration-data", "https://www.goc.gov.tr"),
    ("", "İstanbul İl Göç İdaresi Müdürlüğü", "Istanbul Provincial Directorate of Migration Management",
     "provincial-directorate", "TR", "34", "PMM", "irregular-migration harmonisation", ""),
    ("", "Gaziantep İl Göç İdaresi Müdürlüğü", "Gaziantep Provincial Directorate of Migration Management",
     "provincial-directorate", "TR", "27", "PMM", "asylum harmonisation", ""),
    ("", "Van İl Göç İdaresi Müdürlüğü", "Van Provincial Directorate of Migration Management",
     "provincial-directorate", "TR", "65", "PMM", "border-management irregular-migration", ""),
    ("", "İzmir İl Göç İdaresi Müdürlüğü", "Izmir Provincial Directorate of Migration Management",
     "provincial-directorate", "TR", "35", "PMM", "irregular-migration migrant-smuggling", ""),
    ("", "Edirne İl Göç İdaresi Müdürlüğü", "Edirne Provincial Directorate of Migration Management",
     "provincial-directorate", "TR", "22", "PMM", "border-management readmission-return", ""),
    ("", "Şanlıurfa İl Göç İdaresi Müdürlüğü", "Şanlıurfa Provincial Directorate of Migration Management",
     "provincial-directorate", "TR", "63", "PMM", "asylum vulnerable-migrants", ""),
    ("", "Hatay Valiliği", "Governorship of Hatay", "governorate", "TR", "31", "", "harmonisation", ""),
    ("", "Kilis Valiliği", "Governorship of Kilis", "governorate", "TR", "79", "", "harmonisation", ""),
    ("", "Sahil Güvenlik Komutanlığı", "Turkish Coast Guard Command", "law-enforcement", "TR", "06", "",
     "border-management migrant-smuggling", "https://www.sg.gov.tr"),
    ("", "Çalışma ve Sosyal Güvenlik Bakanlığı", "Ministry of Labour and Social Security", "ministry", "TR", "06", "",
     "labour-migration", "https://www.csgb.gov.tr"),
    ("", "Gaziantep Büyükşehir Belediyesi", "Gaziantep Metropolitan Municipality", "municipality", "TR", "27", "",
     "harmonisation", ""),
    ("TK", "Türk Kızılay", "Turkish Red Crescent", "ngo", "TR", "06", "", "vulnerable-migrants harmonisation",
     "https://www.kizilay.org.tr"),
    ("SGDD-ASAM", "Sığınmacılar ve Göçmenlerle Dayanışma Derneği", "Association for Solidarity with Asylum Seekers and Migrants",
     "association", "TR", "06", "", "asylum vulnerable-migrants", "https://sgdd.org.tr"),
    ("", "İstanbul Barosu", "Istanbul Bar Association", "bar-association", "TR", "34", "", "asylum legislation-policy",
     "https://www.istanbulbarosu.org.tr"),
    ("", "Ankara Barosu", "Ankara Bar Association", "bar-association", "TR", "06", "", "legislation-policy", ""),
    ("IHH", "İnsani Yardım Vakfı", "Humanitarian Relief Foundation", "foundation", "TR", "34", "",
     "vulnerable-migrants", ""),
    ("", "Mülteciler Derneği", "Refugees Association", "association", "TR", "34", "", "harmonisation", ""),
    ("IOM", "Uluslararası Göç Örgütü", "International Organization for Migration", "un-agency", "TR", "06", "",
     "readmission-return reintegration migration-data", "https://turkiye.iom.int"),
    ("UNHCR", "BM Mülteciler Yüksek Komiserliği", "UN Refugee Agency", "un-agency", "TR", "06", "",
     "asylum vulnerable-migrants", "https://www.unhcr.org/tr"),
    ("ICMPD", "Uluslararası Göç Politikaları Geliştirme Merkezi", "International Centre for Migration Policy Development",
     "international-organisation", "AT", "Viyana", "", "capacity-building border-management legislation-policy",
     "https://www.icmpd.org"),
    ("", "Avrupa Birliği Türkiye Delegasyonu", "Delegation of the European Union to Türkiye", "donor", "TR", "06", "",
     "capacity-building", "https://www.eeas.europa.eu"),
    ("", "Almanya Federal Cumhuriyeti Ankara Büyükelçiliği", "Embassy of the Federal Republic of Germany in Ankara",
     "embassy", "TR", "06", "", "labour-migration", ""),
    ("", "Hollanda Krallığı Ankara Büyükelçiliği", "Embassy of the Kingdom of the Netherlands in Ankara", "embassy",
     "TR", "06", "", "readmission-return", ""),
    ("GIZ", "Alman Uluslararası İşbirliği Kurumu", "Deutsche Gesellschaft für Internationale Zusammenarbeit",
     "implementing-partner", "DE", "Bonn", "", "harmonisation capacity-building", ""),
    ("HUGO", "Hacettepe Üniversitesi Göç ve Siyaset Araştırmaları Merkezi",
     "Hacettepe University Migration and Politics Research Centre", "research-centre", "TR", "06", "",
     "migration-data asylum", "https://hugo.hacettepe.edu.tr"),
    ("", "Koç Üniversitesi Göç Araştırmaları Merkezi", "Koç University Migration Research Center", "research-centre",
     "TR", "34", "", "migration-data labour-migration", ""),
    ("", "Gaziantep Üniversitesi", "Gaziantep University", "university", "TR", "27", "", "harmonisation", ""),
    ("", "Ankara Sosyal Bilimler Üniversitesi", "Social Sciences University of Ankara", "university", "TR", "06", "",
     "legislation-policy", ""),
    ("", "Anadolu Lojistik A.Ş.", "Anadolu Logistics Inc.", "company", "TR", "41", "", "labour-migration", ""),
    ("İTO", "İstanbul Ticaret Odası", "Istanbul Chamber of Commerce", "chamber", "TR", "34", "", "labour-migration", ""),
    ("", "Belge Güvenliği Teknolojileri Ltd. Şti.", "Document Security Technologies Ltd.", "company", "TR", "06", "",
     "document-fraud", ""),
]

# e-mail, given, family, position, language, organisation tr name, role, focal point, in directory
PEOPLE = [
    ("zeynep.arslan@demo.magnet.local", "Zeynep", "Arslan", "Daire Başkanı", "tr", "Göç İdaresi Başkanlığı",
     "Daire Başkanı", True, True),
    ("mustafa.demir@demo.magnet.local", "Mustafa", "Demir", "Göç Uzmanı", "tr", "İstanbul İl Göç İdaresi Müdürlüğü",
     "Göç Uzmanı", True, True),
    ("ozlem.cetin@demo.magnet.local", "Özlem", "Çetin", "İl Müdürü", "tr", "Gaziantep İl Göç İdaresi Müdürlüğü",
     "İl Müdürü", True, True),
    ("ismail.ogut@demo.magnet.local", "İsmail", "Öğüt", "Şube Müdürü", "tr", "Van İl Göç İdaresi Müdürlüğü",
     "Şube Müdürü", True, False),
    ("gulsen.sahin@demo.magnet.local", "Gülşen", "Şahin", "Vali Yardımcısı", "tr", "Hatay Valiliği",
     "Vali Yardımcısı", True, True),
    ("ahmet.yildirim@demo.magnet.local", "Ahmet", "Yıldırım", "Program Koordinatörü", "tr", "Türk Kızılay",
     "Program Koordinatörü", True, True),
    ("irem.kucuk@demo.magnet.local", "İrem", "Küçük", "Koruma Uzmanı", "tr", "Sığınmacılar ve Göçmenlerle Dayanışma Derneği",
     "Koruma Uzmanı", True, True),
    ("serkan.ozdemir@demo.magnet.local", "Serkan", "Özdemir", "Avukat", "tr", "İstanbul Barosu",
     "Göç ve İltica Hukuku Merkezi", True, True),
    ("laura.becker@demo.magnet.local", "Laura", "Becker", "Project Manager", "en",
     "Uluslararası Göç Politikaları Geliştirme Merkezi", "MAGNET Project Manager", True, True),
    ("mohammad.rahimi@demo.magnet.local", "محمد", "رحیمی", "Research Fellow", "en",
     "Hacettepe Üniversitesi Göç ve Siyaset Araştırmaları Merkezi", "Research Fellow", False, True),
    ("fatima.alhassan@demo.magnet.local", "فاطمة", "الحسن", "Community Liaison", "en", "Mülteciler Derneği",
     "Community Liaison", False, True),
    ("nilufar.karimi@demo.magnet.local", "Nilufar", "Karimi", "Protection Officer", "en",
     "BM Mülteciler Yüksek Komiserliği", "Protection Officer", True, True),
    ("james.oconnor@demo.magnet.local", "James", "O'Connor", "Programme Officer", "en",
     "Uluslararası Göç Örgütü", "Programme Officer", True, True),
    ("sophie.vandenberg@demo.magnet.local", "Sophie", "van den Berg", "Attaché", "en",
     "Avrupa Birliği Türkiye Delegasyonu", "Programme Manager, Migration", True, True),
    ("ayse.isik@demo.magnet.local", "Ayşe", "Işık", "Doçent", "tr", "Hacettepe Üniversitesi Göç ve Siyaset Araştırmaları Merkezi",
     "Merkez Müdürü", True, True),
    ("cem.gunduz@demo.magnet.local", "Cem", "Gündüz", "İnsan Kaynakları Müdürü", "tr", "Anadolu Lojistik A.Ş.",
     "İnsan Kaynakları Müdürü", True, False),
    ("hulya.aksoy@demo.magnet.local", "Hülya", "Aksoy", "Araştırmacı", "tr", "Koç Üniversitesi Göç Araştırmaları Merkezi",
     "Araştırmacı", False, True),
    ("ugur.celik@demo.magnet.local", "Uğur", "Çelik", "Kıdemli Kaptan", "tr", "Sahil Güvenlik Komutanlığı",
     "Kıdemli Kaptan", True, True),
    ("reza.ahmadi@demo.magnet.local", "رضا", "احمدی", "Interpreter", "en", "Sığınmacılar ve Göçmenlerle Dayanışma Derneği",
     "Interpreter (Persian)", False, True),
    ("elif.karaca@demo.magnet.local", "Elif", "Karaca", "Uzman Yardımcısı", "tr", "Gaziantep Büyükşehir Belediyesi",
     "Göç ve Uyum Müdürlüğü", False, False),
]

# The four demo accounts of magnet/demo.py: organisation and role of each.
DEMO_MEMBERSHIPS = {
    "staff@demo.magnet.local": ("Uluslararası Göç Politikaları Geliştirme Merkezi", "MAGNET Programme Officer", False),
    "pmm@demo.magnet.local": ("Göç İdaresi Başkanlığı", "Şube Müdürü", True),
    "reporter@demo.magnet.local": ("Uluslararası Göç Politikaları Geliştirme Merkezi", "Saha Koordinatörü", False),
    "stakeholder@demo.magnet.local": ("Sığınmacılar ve Göçmenlerle Dayanışma Derneği", "Saha Koordinatörü", False),
}

PENDING = [
    # a proposal and a membership request waiting for staff, so the queue shows something
    ("Mersin Göçmen Dayanışma Derneği", "Mersin Migrant Solidarity Association", "association", "33"),
]


def _organisations(stdout) -> dict:
    types = {t.code: t for t in OrganisationType.objects.all()}
    areas = {a.code: a for a in ThematicArea.objects.all()}
    by_acronym, by_name, created = {}, {}, 0
    for acronym, name_tr, name_en, type_code, country, place, parent, themes, website in ORGANISATIONS:
        organisation = Organisation.objects.filter(name_tr=name_tr).first()
        if organisation is None:
            type_ = types[type_code]
            organisation = Organisation(
                name=name_tr, name_tr=name_tr, name_en=name_en, acronym=acronym, type=type_, pillar_id=type_.pillar_id,
                country=country, province=place if country == "TR" else "", city="" if country == "TR" else place,
                parent=by_acronym.get(parent), website=website, status=Organisation.Status.APPROVED,
            )
            organisation.full_clean()
            organisation.save()
            organisation.thematic_areas.set([areas[code] for code in themes.split()])
            created += 1
        by_name[name_tr] = organisation
        if acronym:
            by_acronym[acronym] = organisation
    stdout.write(f"Registry: {created} demo organisations created ({len(ORGANISATIONS)} in the demo).")
    return by_name


def _consents(person: Person, directory: bool, communications: bool) -> None:
    if person.consents.exists():
        return
    for kind, given in ((LegalText.Kind.NOTICE, True), (LegalText.Kind.DIRECTORY, directory),
                        (LegalText.Kind.COMMUNICATIONS, communications)):
        text = LegalText.objects.filter(kind=kind).order_by("-version").first()
        ConsentRecord.objects.create(
            person=person, text=text, kind=kind, version=text.version, given=given, channel=ConsentRecord.Channel.WEB
        )


def _person(email, given, family, position, language, in_directory, user=None) -> Person:
    person = Person.objects.filter(email=email).first()
    if person is None:
        person = Person(
            email=email, given_name=given, family_name=family, position=position, preferred_language=language,
            in_directory=in_directory, receives_communications=True, profile_completed_at=timezone.now(), user=user,
        )
        person.full_clean()
        person.save()
    elif user is not None and person.user_id is None:
        person.user = user
        person.save()
    _consents(person, in_directory, True)
    return person


def _membership(person, organisation, role, focal_point, status=Membership.Status.APPROVED) -> None:
    Membership.objects.get_or_create(
        person=person, organisation=organisation, until=None,
        defaults={"role": role, "is_focal_point": focal_point, "status": status},
    )


def seed(stdout):
    """Idempotent demo data for this app (called by `manage.py seed_demo`)."""
    organisations = _organisations(stdout)
    for email, given, family, position, language, org_name, role, focal, in_directory in PEOPLE:
        person = _person(email, given, family, position, language, in_directory)
        _membership(person, organisations[org_name], role, focal)

    User = get_user_model()
    for email, (org_name, role, focal) in DEMO_MEMBERSHIPS.items():
        user = User.objects.filter(email=email).first()
        if user is None:
            continue
        person = _person(email, user.first_name, user.last_name, role, user.preferred_language, True, user=user)
        _membership(person, organisations[org_name], role, focal)

    proposer = _person("deniz.tekin@demo.magnet.local", "Deniz", "Tekin", "Dernek Başkanı", "tr", False)
    for name_tr, name_en, type_code, province in PENDING:
        organisation = Organisation.objects.filter(name_tr=name_tr).first()
        if organisation is None:
            type_ = OrganisationType.objects.get(code=type_code)
            organisation = Organisation.objects.create(
                name=name_tr, name_tr=name_tr, name_en=name_en, type=type_, pillar_id=type_.pillar_id, country="TR",
                province=province, status=Organisation.Status.PENDING, proposed_by=proposer,
            )
        _membership(proposer, organisation, "Dernek Başkanı", True, status=Membership.Status.PENDING)
    requester = _person("baran.kaya@demo.magnet.local", "Baran", "Kaya", "Saha Çalışanı", "tr", True)
    _membership(requester, organisations["Türk Kızılay"], "Saha Çalışanı", False, status=Membership.Status.PENDING)
    _spread_over_the_past_year()
    stdout.write(f"Registry: {Person.objects.count()} people, {Membership.objects.count()} memberships.")


def _spread_over_the_past_year():
    """The demo registry grew over the last year, so period reports show growth by pillar. The
    dates are fixed per row, so running the demo twice gives the same result."""
    start = timezone.make_aware(datetime.datetime(2026, 10, 25, 10, 0))
    for index, (_acronym, name_tr, *_rest) in enumerate(ORGANISATIONS):
        Organisation.objects.filter(name_tr=name_tr).update(created_at=start - datetime.timedelta(days=12 * index))
    for index, (email, *_rest) in enumerate(PEOPLE):
        Person.objects.filter(email=email).update(created_at=start - datetime.timedelta(days=9 * index))
