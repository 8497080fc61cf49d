"""Demo meetings (idempotent): a four-pillar meeting in Ankara, a sectoral meeting on migrant
smuggling in Gaziantep, an online working group and a past meeting with minutes and action items.
Invitees come from the registry's demo data; a minimal registry is created if it is empty."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from stakeholders.models import Membership, Organisation, OrganisationType, Person, Pillar, ThematicArea
from stakeholders.services import ensure_person_for_user

from . import selectors, services
from .models import ActionItem, ActionItemUpdate, AgendaItem, Invitation, Meeting

STAKEHOLDER_DEMO_EMAIL = "stakeholder@demo.magnet.local"


def _at(days: int, hour: int, minute: int = 0) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _minimal_registry() -> None:
    """Only when the registry has no approved members yet: one organisation and person per pillar."""
    if Membership.objects.filter(status=Membership.Status.APPROVED, organisation__status=Organisation.Status.APPROVED).exists():
        return
    rows = [
        ("public", "Göç İdaresi Gaziantep İl Müdürlüğü", "Gaziantep Provincial Directorate of Migration Management", "27", "Serkan", "Aydın", "tr"),
        ("civil", "Mülteci Hakları Derneği", "Refugee Rights Association", "06", "Zeynep", "Kılıç", "tr"),
        ("international", "Uluslararası Göç Örgütü Türkiye", "IOM Türkiye", "06", "Laura", "Bianchi", "en"),
        ("private_academia", "Hacettepe Üniversitesi Göç Araştırmaları Merkezi", "Hacettepe University Migration Research Centre", "06", "Emre", "Öztürk", "tr"),
    ]
    for code, name_tr, name_en, province, given, family, language in rows:
        pillar = Pillar.objects.get(code=code)
        organisation, _ = Organisation.objects.get_or_create(
            name_tr=name_tr,
            defaults={"name": name_tr, "name_en": name_en, "pillar": pillar, "province": province,
                      "type": OrganisationType.objects.filter(pillar=pillar).first(), "status": Organisation.Status.APPROVED},
        )
        email = f"{given.lower()}.{family.lower()}@demo.magnet.local".replace("ı", "i").replace("ö", "o").replace("ç", "c")
        person, _ = Person.objects.get_or_create(
            email=email, defaults={"given_name": given, "family_name": family, "preferred_language": language}
        )
        Membership.objects.get_or_create(person=person, organisation=organisation, defaults={"status": Membership.Status.APPROVED})


def _meeting(title_en: str, **fields) -> tuple[Meeting, bool]:
    existing = Meeting.objects.filter(title_en=title_en).first()
    if existing:
        return existing, False
    pillars = fields.pop("pillars", [])
    areas = fields.pop("thematic_areas", [])
    meeting = Meeting(title_en=title_en, **fields)
    meeting.title = fields["title_tr"]
    meeting.summary = fields.get("summary_tr", "")
    meeting.full_clean()
    meeting.save()
    meeting.pillars.set(Pillar.objects.filter(code__in=pillars))
    meeting.thematic_areas.set(ThematicArea.objects.filter(code__in=areas))
    return meeting, True


def _agenda(meeting: Meeting, days: int, items) -> None:
    for order, (start, end, kind, title_tr, title_en, description_tr, description_en) in enumerate(items, start=1):
        item = AgendaItem(
            meeting=meeting, order=order, starts_at=_at(days, *start), ends_at=_at(days, *end), kind=kind,
            title=title_tr, title_tr=title_tr, title_en=title_en,
            description=description_tr, description_tr=description_tr, description_en=description_en,
        )
        item.full_clean()
        item.save()


def _stakeholder_person():
    user = get_user_model().objects.filter(email=STAKEHOLDER_DEMO_EMAIL).first()
    return ensure_person_for_user(user=user) if user else None


def seed(stdout):
    _minimal_registry()
    stakeholder = _stakeholder_person()
    everyone = list(selectors.select_invitees(pillars=Pillar.objects.all())[:24])

    ankara, created = _meeting(
        "Four-Pillar Meeting: Multi-Actor Cooperation in Migration Management",
        title_tr="Dört Sütun Toplantısı: Göç Yönetiminde Çok Aktörlü İşbirliği",
        summary_tr="Kamu kurumları, sivil toplum, uluslararası toplum ile özel sektör ve akademi temsilcileri, "
        "2026 yılı ortak eylem önceliklerini belirlemek üzere Ankara'da bir araya geliyor.",
        summary_en="Public institutions, civil society, the international community and the private sector and "
        "academia meet in Ankara to agree on the joint action priorities for 2026.",
        kind=Meeting.Kind.FOUR_PILLAR, starts_at=_at(21, 9, 30), ends_at=_at(21, 16, 30),
        venue_name="Göç İdaresi Başkanlığı Konferans Salonu", venue_address="Lalahan Mah. Ankara Cad. No: 3, Çankaya",
        province="06", working_languages=["tr", "en"], interpretation=True, capacity=40,
        rsvp_deadline=_at(14, 17), pillars=["public", "civil", "international", "private_academia"],
        thematic_areas=["irregular-migration", "harmonisation", "capacity-building"],
    )
    if created:
        _agenda(ankara, 21, [
            ((9, 30), (10, 0), "opening", "Açılış ve hoş geldiniz", "Opening and welcome",
             "Göç İdaresi Başkanlığı ve ICMPD temsilcilerinin açılış konuşmaları.", "Opening remarks by PMM and ICMPD."),
            ((10, 0), (11, 0), "panel", "Dört sütunun bakışından 2025 yılı", "The year 2025 through the eyes of the four pillars",
             "Her sütundan bir temsilci yılın öne çıkan gelişmelerini paylaşıyor.", "One speaker per pillar shares the year's main developments."),
            ((11, 0), (11, 15), "break", "Kahve arası", "Coffee break", "", ""),
            ((11, 15), (12, 30), "discussion", "Ortak eylem öncelikleri", "Joint action priorities",
             "Masa başı çalışma: her masa bir öncelik önerir.", "Table work: each table proposes one priority."),
            ((12, 30), (13, 30), "break", "Öğle yemeği", "Lunch", "", ""),
            ((13, 30), (15, 30), "session", "Eylem planı taslağı", "Draft action plan",
             "Önerilerin birleştirilmesi ve sorumlu kuruluşların belirlenmesi.", "Merging the proposals and naming lead organisations."),
            ((15, 30), (16, 30), "closing", "Kapanış ve sonraki adımlar", "Closing and next steps", "", ""),
        ])
        services.publish_meeting(meeting=ankara)
        services.invite_people(meeting=ankara, people=everyone[:12] + ([stakeholder] if stakeholder else []))

    gaziantep, created = _meeting(
        "Sectoral Meeting on Migrant Smuggling",
        title_tr="Göçmen Kaçakçılığı Sektörel Toplantısı",
        summary_tr="Güneydoğu sınır illerinde göçmen kaçakçılığıyla mücadelede kolluk, sivil toplum ve uluslararası "
        "kuruluşların işbirliği: vaka yönetimi, mağdur tespiti ve yönlendirme.",
        summary_en="Cooperation of law enforcement, civil society and international organisations against migrant "
        "smuggling in the south-eastern border provinces: case management, victim identification and referral.",
        kind=Meeting.Kind.SECTORAL, starts_at=_at(35, 10), ends_at=_at(35, 15),
        venue_name="Gaziantep Valiliği Toplantı Salonu", venue_address="Şehitkamil", province="27",
        working_languages=["tr", "en", "ar"], interpretation=True, capacity=25,
        visibility=Meeting.Visibility.PILLAR_MEMBERS, pillars=["public", "civil", "international"],
        thematic_areas=["migrant-smuggling", "human-trafficking"],
    )
    if created:
        _agenda(gaziantep, 35, [
            ((10, 0), (10, 20), "opening", "Açılış", "Opening", "", ""),
            ((10, 20), (11, 30), "presentation", "Sınır illerinde güncel eğilimler", "Current trends in the border provinces",
             "İl göç idaresi ve jandarma verileriyle.", "With data from the provincial migration directorate and the gendarmerie."),
            ((11, 30), (13, 0), "discussion", "Mağdur tespiti ve yönlendirme", "Victim identification and referral", "", ""),
            ((13, 0), (14, 0), "break", "Öğle yemeği", "Lunch", "", ""),
            ((14, 0), (15, 0), "closing", "Ortak öneriler", "Joint recommendations", "", ""),
        ])
        services.publish_meeting(meeting=gaziantep)
        services.invite_people(meeting=gaziantep, people=everyone[:6])

    online, created = _meeting(
        "Working Group on Migration Data (online)",
        title_tr="Göç Verileri Çalışma Grubu (çevrim içi)",
        summary_tr="Paydaşlar arasında göç verilerinin paylaşımı için ortak bir veri sözlüğü üzerinde çalışma.",
        summary_en="Work on a shared data dictionary for exchanging migration data between stakeholders.",
        kind=Meeting.Kind.WORKING_GROUP, starts_at=_at(10, 14), ends_at=_at(10, 16),
        online_url="https://meet.example.org/magnet-veri", working_languages=["tr"], capacity=None,
        pillars=["public", "private_academia"], thematic_areas=["migration-data"], reminder_days=1,
    )
    if created:
        _agenda(online, 10, [
            ((14, 0), (15, 0), "session", "Veri sözlüğü taslağı", "Draft data dictionary", "", ""),
            ((15, 0), (16, 0), "discussion", "Sonraki adımlar", "Next steps", "", ""),
        ])
        services.publish_meeting(meeting=online)
        services.invite_people(meeting=online, people=everyone[:8] + ([stakeholder] if stakeholder else []))

    past, created = _meeting(
        "Four-Pillar Meeting on Harmonisation",
        title_tr="Uyum Konulu Dört Sütun Toplantısı",
        summary_tr="Yerel düzeyde uyum hizmetlerinin koordinasyonu.",
        summary_en="Coordinating harmonisation services at local level.",
        kind=Meeting.Kind.FOUR_PILLAR, starts_at=_at(-30, 10), ends_at=_at(-30, 16),
        venue_name="İstanbul Valiliği", province="34", working_languages=["tr", "en"], interpretation=True,
        pillars=["public", "civil", "international", "private_academia"], thematic_areas=["harmonisation"],
        status=Meeting.Status.HELD,
        minutes_tr="Katılımcılar, il uyum kurullarının yılda dört kez toplanmasını ve sivil toplumun kurullara "
        "düzenli katılımını önerdi.\n\nÜniversiteler, uyum göstergeleri için ortak bir anket tasarlamayı üstlendi.",
        minutes_en="Participants recommended that provincial harmonisation boards meet four times a year with "
        "civil society taking part regularly.\n\nUniversities offered to design a joint survey on harmonisation indicators.",
        outcomes_tr="İl uyum kurulları için örnek gündem; ortak anket taslağı.",
        outcomes_en="A model agenda for provincial harmonisation boards; a draft joint survey.",
    )
    if created:
        _agenda(past, -30, [
            ((10, 0), (12, 0), "session", "Yerel uyum hizmetleri", "Local harmonisation services", "", ""),
            ((13, 0), (16, 0), "discussion", "Öneriler", "Recommendations", "", ""),
        ])
        # A meeting that already took place: its invitations and attendance are recorded as history.
        attendees = everyone[:10] + ([stakeholder] if stakeholder else [])
        for number, person in enumerate(attendees):
            Invitation.objects.get_or_create(
                meeting=past, person=person,
                defaults={"sent_at": _at(-45, 9), "response": Invitation.Response.ACCEPTED if number % 4 else Invitation.Response.DECLINED,
                          "responded_at": _at(-40, 12), "attended": bool(number % 4) and number != 5,
                          "checked_in_at": _at(-30, 9, 45) if number % 4 and number != 5 else None},
            )
        owners = list(Organisation.objects.filter(status=Organisation.Status.APPROVED).order_by("pk")[:3])
        for number, (title_tr, title_en, due, status) in enumerate([
            ("İl uyum kurulları için örnek gündemin paylaşılması", "Share the model agenda for provincial boards", 14, ActionItem.Status.DONE),
            ("Ortak anket taslağının hazırlanması", "Prepare the draft joint survey", 45, ActionItem.Status.IN_PROGRESS),
            ("Sivil toplum katılım rehberi", "Guide to civil society participation", 60, ActionItem.Status.OPEN),
        ]):
            ActionItem.objects.create(
                meeting=past, title=title_tr, title_tr=title_tr, title_en=title_en,
                owner_organisation=owners[number] if number < len(owners) else None,
                due_date=timezone.localdate() - datetime.timedelta(days=30) + datetime.timedelta(days=due), status=status,
            )
    _commitments(past, stakeholder)
    _agenda_template()
    stdout.write(f"Meetings: {Meeting.objects.count()} meetings, {Invitation.objects.count()} invitations, "
                 f"{ActionItem.objects.count()} commitments.")


FOUR_PILLAR_DAY = [
    # offset, minutes, kind, title TR, title EN
    (0, 30, AgendaItem.Kind.OPENING, "Açılış ve hoş geldiniz konuşmaları", "Opening and welcome remarks"),
    (30, 45, AgendaItem.Kind.PRESENTATION, "Göç İdaresi Başkanlığının sunumu: güncel durum", "Presidency of Migration Management: the current picture"),
    (75, 15, AgendaItem.Kind.BREAK, "Kahve arası", "Coffee break"),
    (90, 60, AgendaItem.Kind.PANEL, "Dört sütunun paneli: kamu, sivil toplum, uluslararası toplum, özel sektör ve akademi",
     "Four-pillar panel: public institutions, civil society, international community, private sector and academia"),
    (150, 60, AgendaItem.Kind.BREAK, "Öğle yemeği", "Lunch"),
    (210, 75, AgendaItem.Kind.DISCUSSION, "Çalışma grupları: sütun bazında öneriler", "Working groups: proposals by pillar"),
    (285, 15, AgendaItem.Kind.BREAK, "Kahve arası", "Coffee break"),
    (300, 45, AgendaItem.Kind.SESSION, "Çalışma gruplarının sonuçları ve taahhütler", "Working group results and commitments"),
    (345, 15, AgendaItem.Kind.CLOSING, "Kapanış", "Closing"),
]


def _agenda_template() -> None:
    """The agenda builder's ready-made template (idempotent)."""
    from .models import AgendaTemplate, AgendaTemplateItem

    if AgendaTemplate.objects.filter(name_en="Four-pillar meeting, one day").exists():
        return
    template = AgendaTemplate.objects.create(
        name="Dört sütunlu toplantı, bir gün", name_tr="Dört sütunlu toplantı, bir gün", name_en="Four-pillar meeting, one day"
    )
    AgendaTemplateItem.objects.bulk_create(
        AgendaTemplateItem(template=template, order=order, offset_minutes=offset, duration_minutes=minutes, kind=kind,
                           title=title_tr, title_tr=title_tr, title_en=title_en)
        for order, (offset, minutes, kind, title_tr, title_en) in enumerate(FOUR_PILLAR_DAY, start=1)
    )


def _commitments(past: Meeting, stakeholder) -> None:
    """Commitments worth following up: an earlier meeting in Mersin with items open, overdue, done and
    dropped (with progress notes), some owned by the demo stakeholder, and two from a session of the
    regional conference. Idempotent: each is found by its English title."""
    from . import commitments

    today = timezone.localdate()
    mersin, created = _meeting(
        "Sectoral Meeting on Seasonal Agricultural Workers",
        title_tr="Mevsimlik Tarım İşçileri Sektörel Toplantısı",
        summary_tr="Çukurova'da mevsimlik tarım işinde çalışan göçmenlerin barınma, sağlık ve çocukların eğitime erişimi.",
        summary_en="Housing, health care and schooling for the children of migrants in seasonal farm work in Çukurova.",
        kind=Meeting.Kind.SECTORAL, starts_at=_at(-120, 10), ends_at=_at(-120, 16),
        venue_name="Mersin Valiliği Toplantı Salonu", province="33", working_languages=["tr", "en"],
        pillars=["public", "civil", "private_academia"], thematic_areas=["harmonisation"], status=Meeting.Status.HELD,
        minutes_tr="Katılımcılar, tarım alanlarındaki çadır yerleşimlerinde sağlık taramalarının ve gezici eğitim "
        "hizmetlerinin artırılmasını görüştü.",
        minutes_en="Participants discussed more health screening and mobile schooling in the tent settlements near the farms.",
    )
    if created:
        _agenda(mersin, -120, [((10, 0), (12, 0), "session", "Sahadan gözlemler", "Observations from the field", "", ""),
                               ((13, 0), (16, 0), "discussion", "Ortak eylemler", "Joint actions", "", "")])
    organisations = {o.pillar.code: o for o in Organisation.objects.filter(status=Organisation.Status.APPROVED)
                     .select_related("pillar").order_by("-pk")}
    public, civil = organisations.get("public"), organisations.get("civil")
    academia, international = organisations.get("private_academia"), organisations.get("international")
    rows = [
        # meeting, session, title tr, title en, owner organisation, stakeholder owns it, due (days from today), updates
        (mersin, None, "Adana ve Mersin'de çadır yerleşimleri için sağlık tarama takvimi", "Health screening calendar for the tent settlements in Adana and Mersin",
         public, False, -40, [("in_progress", "İl sağlık müdürlükleriyle ilk görüşme yapıldı.", -80), ("done", "Takvim yayımlandı; 12 yerleşimde tarama yapıldı.", -35)]),
        (mersin, None, "Gezici sınıflar için gönüllü öğretmen havuzu", "A pool of volunteer teachers for mobile classrooms",
         civil, True, -10, [("in_progress", "Üç üniversiteden 18 gönüllü kaydoldu.", -30)]),
        (mersin, None, "İşverenler için mevsimlik işçi barınma rehberi", "A housing guide for employers of seasonal workers",
         academia, False, -25, []),
        (mersin, None, "Tarım il müdürlükleriyle veri paylaşım protokolü", "A data-sharing protocol with the provincial agriculture directorates",
         public, False, 20, [("dropped", "Bakanlık düzeyinde yürütülen protokol çalışmasına devredildi.", -15)]),
        (past, None, "İl uyum kurulları için sivil toplum temsilci listesi", "A list of civil society representatives for provincial harmonisation boards",
         civil, True, 5, []),
        (None, ("Bölgesel Konferans 2025 · Batı Balkanlar rotası: ortak operasyonel öncelikler",
                "Regional Conference 2025 · Western Balkans route: shared operational priorities"),
         "Belediyeler için uyum hizmetleri rehberinin Arapça çevirisi", "An Arabic translation of the harmonisation services guide for municipalities",
         international, False, 30, []),
        (None, ("Bölgesel Konferans 2025 · Çalıştay A: Düzensiz göçte erken uyarı ve veri paylaşımı",
                "Regional Conference 2025 · Workshop A: Early warning and data sharing on irregular migration"),
         "Ortak veri sözlüğünün ilk sürümü", "The first version of the shared data dictionary", academia, True, -3,
         [("in_progress", "Taslak çalışma grubuyla paylaşıldı; yorumlar toplanıyor.", -12)]),
    ]
    for meeting, session, title_tr, title_en, organisation, mine, due, updates in rows:
        if ActionItem.objects.filter(title_en=title_en).exists() or organisation is None:
            continue
        item = commitments.create_commitment(
            meeting=meeting, title_tr=title_tr, title_en=title_en,
            source_title_tr=session[0] if session else "", source_title_en=session[1] if session else "",
            owner_organisation=organisation, owner_person=stakeholder if mine else None,
            due_date=today + datetime.timedelta(days=due),
        )
        ActionItem.objects.filter(pk=item.pk).update(created_at=(meeting.ends_at if meeting else _at(-60, 17)))
        for status, note, days in updates:
            previous = item.status
            item.status = status
            item.closed_at = _at(days, 11) if status in ActionItem.CLOSED_STATUSES else None
            item.save(update_fields=["status", "closed_at", "updated_at"])
            ActionItemUpdate.objects.create(action_item=item, author=stakeholder if mine else None, author_is_staff=not mine,
                                            created_at=_at(days, 11), old_status=previous, new_status=status, note=note)
    # Items recorded before progress notes existed: a closed one was closed when its meeting's follow-up ended.
    ActionItem.objects.filter(status__in=ActionItem.CLOSED_STATUSES, closed_at__isnull=True).update(closed_at=_at(-10, 12))
