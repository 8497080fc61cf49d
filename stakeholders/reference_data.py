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
