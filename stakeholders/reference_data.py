"""Reference data of the registry: the four pillars (fixed), their organisation types and the
thematic areas (both editable by staff afterwards). Loaded by a data migration, idempotently."""

PILLARS = [
    # code, order, tr name, en name, tr description, en description
    ("public", 1, "Kamu kurumları", "Public institutions",
     "Bakanlıklar, başkanlıklar, valilikler, il müdürlükleri ve belediyeler.",
     "Ministries, presidencies, governorates, provincial directorates and municipalities."),
    ("civil", 2, "Sivil toplum kuruluşları", "Civil society",
     "Dernekler, vakıflar, barolar ve göçmenlerle çalışan sivil toplum kuruluşları.",
     "Associations, foundations, bar associations and civil society organisations working with migrants."),
    ("international", 3, "Uluslararası toplum", "International community",
     "Uluslararası kuruluşlar, donörler, uygulayıcı ortaklar ve diplomatik misyonlar.",
     "International organisations, donors, implementing partners and diplomatic missions."),
    ("private_academia", 4, "Özel sektör ve akademi", "Private sector and academia",
     "Şirketler, meslek örgütleri, üniversiteler ve araştırma merkezleri.",
     "Companies, professional bodies, universities and research centres."),
]

ORGANISATION_TYPES = [
    # pillar code, code, tr, en
    ("public", "ministry", "Bakanlık", "Ministry"),
    ("public", "presidency", "Başkanlık", "Presidency"),
    ("public", "governorate", "Valilik", "Governorate"),
    ("public", "provincial-directorate", "İl müdürlüğü", "Provincial directorate"),
    ("public", "municipality", "Belediye", "Municipality"),
    ("public", "law-enforcement", "Kolluk birimi", "Law enforcement unit"),
    ("civil", "ngo", "Sivil toplum kuruluşu", "NGO"),
    ("civil", "association", "Dernek", "Association"),
    ("civil", "foundation", "Vakıf", "Foundation"),
    ("civil", "bar-association", "Baro", "Bar association"),
    ("international", "un-agency", "BM ajansı", "UN agency"),
    ("international", "international-organisation", "Uluslararası kuruluş", "International organisation"),
    ("international", "donor", "Donör", "Donor"),
    ("international", "embassy", "Büyükelçilik", "Embassy"),
    ("international", "implementing-partner", "Uygulayıcı ortak", "Implementing partner"),
    ("private_academia", "university", "Üniversite", "University"),
    ("private_academia", "research-centre", "Araştırma merkezi", "Research centre"),
    ("private_academia", "company", "Şirket", "Company"),
    ("private_academia", "chamber", "Meslek odası", "Chamber or professional body"),
]

THEMATIC_AREAS = [
    ("border-management", "Sınır yönetimi", "Border management"),
    ("asylum", "İltica ve uluslararası koruma", "Asylum and international protection"),
    ("irregular-migration", "Düzensiz göç", "Irregular migration"),
    ("migrant-smuggling", "Göçmen kaçakçılığı", "Migrant smuggling"),
    ("human-trafficking", "İnsan ticareti", "Human trafficking"),
    ("readmission-return", "Geri kabul ve geri dönüş", "Readmission and return"),
    ("reintegration", "Yeniden entegrasyon", "Reintegration"),
    ("harmonisation", "Uyum ve entegrasyon", "Harmonisation and integration"),
    ("labour-migration", "Düzenli işgücü göçü", "Labour migration"),
    ("migration-data", "Göç verileri ve istatistikleri", "Migration data and statistics"),
    ("document-fraud", "Belge sahteciliği", "Document fraud"),
    ("mixed-migration", "Karma göç", "Mixed migration"),
    ("legislation-policy", "Mevzuat ve politika", "Legislation and policy"),
    ("capacity-building", "Kapasite geliştirme", "Capacity building"),
    ("vulnerable-migrants", "Kırılgan göçmenlerin korunması", "Protection of vulnerable migrants"),
]


def load_reference_data(Pillar, OrganisationType, ThematicArea):
    """Create or update the reference rows. Takes the model classes so a migration can pass its
    historical models."""
    pillars = {}
    for code, order, name_tr, name_en, desc_tr, desc_en in PILLARS:
        pillars[code], _ = Pillar.objects.update_or_create(
            code=code,
            defaults={
                "order": order,
                "name": name_tr, "name_tr": name_tr, "name_en": name_en,
                "description": desc_tr, "description_tr": desc_tr, "description_en": desc_en,
            },
        )
    for order, (pillar_code, code, name_tr, name_en) in enumerate(ORGANISATION_TYPES, start=1):
        OrganisationType.objects.get_or_create(
            code=code,
            defaults={"pillar": pillars[pillar_code], "order": order,
                      "name": name_tr, "name_tr": name_tr, "name_en": name_en},
        )
    for order, (code, name_tr, name_en) in enumerate(THEMATIC_AREAS, start=1):
        ThematicArea.objects.get_or_create(
            code=code, defaults={"order": order, "name": name_tr, "name_tr": name_tr, "name_en": name_en}
        )


# The first published versions of the KVKK information notice and the two optional consents.
# Later versions are added by staff in the admin; these rows are never edited.
LEGAL_TEXTS = [
    (
        "notice", 1,
        "Kişisel verilerin korunması hakkında aydınlatma metni",
        "Information notice on the protection of personal data",
        "6698 sayılı Kişisel Verilerin Korunması Kanunu (KVKK) uyarınca, MAGNET Portalı'nı ICMPD, "
        "Göç İdaresi Başkanlığı için yürütür. Adınız, soyadınız, e-posta adresiniz, telefonunuz, "
        "göreviniz ve kurumunuz; MAGNET ağının toplantılarını, konferansını ve raporlarını yürütmek "
        "amacıyla, sözleşmenin ifası ve meşru menfaat hukuki sebeplerine dayanarak işlenir. Verileriniz "
        "yalnızca ICMPD'nin MAGNET ekibi ve Göç İdaresi Başkanlığı ile, toplu istatistikler dışında "
        "paylaşılmaz. KVKK'nın 11. maddesi uyarınca verilerinize erişme, düzeltilmesini, silinmesini "
        "isteme ve itiraz etme haklarınızı \"Verilerim\" sayfasından kullanabilirsiniz.",
        "Under Law No. 6698 on the Protection of Personal Data (KVKK), ICMPD runs the MAGNET Portal for "
        "the Presidency of Migration Management. Your name, e-mail address, phone, position and "
        "organisation are processed to run the MAGNET network's meetings, conference and reports, on the "
        "legal grounds of performing the arrangement with you and legitimate interest. Apart from "
        "aggregate statistics, your data is shared only with ICMPD's MAGNET team and the Presidency of "
        "Migration Management. You can use your rights under Article 11 of the KVKK to access, correct, "
        "delete and object on the \"My data\" page.",
    ),
    (
        "directory", 1,
        "Rehberde görünmek için açık rıza",
        "Explicit consent to appear in the directory",
        "Adımın, soyadımın, görevimin ve kurumumun, MAGNET ağının onaylı üyelerine açık olan rehberde "
        "gösterilmesine açık rıza veriyorum. Bu rızayı istediğim zaman \"Verilerim\" sayfasından geri "
        "alabilirim.",
        "I explicitly consent to my name, position and organisation being shown in the directory that "
        "approved members of the MAGNET network can see. I can withdraw this consent at any time on the "
        "\"My data\" page.",
    ),
    (
        "communications", 1,
        "Ağ duyurularını almak için açık rıza",
        "Explicit consent to receive network communications",
        "MAGNET ağının duyurularını, bültenlerini ve etkinlik davetlerini e-posta ile almaya açık rıza "
        "veriyorum. Bu rızayı istediğim zaman \"Verilerim\" sayfasından geri alabilirim.",
        "I explicitly consent to receiving the MAGNET network's announcements, newsletters and event "
        "invitations by e-mail. I can withdraw this consent at any time on the \"My data\" page.",
    ),
]


def load_legal_texts(LegalText):
    for kind, version, title_tr, title_en, body_tr, body_en in LEGAL_TEXTS:
        LegalText.objects.get_or_create(
            kind=kind,
            version=version,
            defaults={"title": title_tr, "title_tr": title_tr, "title_en": title_en,
                      "body": body_tr, "body_tr": body_tr, "body_en": body_en},
        )
