"""Demo data: the Regional MAGNET Conference 2027 in Istanbul, with registration open, a two-day
programme and registrations in several states. Idempotent: a second run changes nothing."""

from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from magnet.text import upper_name
from stakeholders.models import Membership, Person, Pillar

from .models import Conference, Registration, RegistrationType, Room, Session
from .services import checkin
from .services import registration as registration_services

SLUG = "magnet-2027"
STARTS = date(2027, 4, 20)

TYPES = [
    # kind, tr, en, capacity, approval, invitation only, workshops, hotel, colour
    ("delegate", "Delege", "Delegate", 180, True, False, True, True, "#0b3d6e"),
    ("speaker", "Konuşmacı", "Speaker", 30, False, True, True, True, "#a33d00"),
    ("moderator", "Moderatör", "Moderator", 12, False, True, True, True, "#6b2a8a"),
    ("observer", "Gözlemci", "Observer", 40, True, False, True, False, "#1d6b35"),
    ("media", "Basın", "Media", 15, True, False, False, False, "#4a5563"),
    ("organiser", "Düzenleyici", "Organiser", 20, False, True, False, False, "#a86b00"),
]

ROOMS = [("Haliç Salonu", "Golden Horn Hall"), ("Galata Salonu", "Galata Room"), ("Boğaziçi Salonu", "Bosphorus Room")]

# day, start, end, room index or None, kind, tr title, en title, capacity, tr abstract, en abstract
SESSIONS = [
    (0, "08:30", "09:30", None, "break", "Kayıt ve karşılama kahvesi", "Registration and welcome coffee", None, "", ""),
    (0, "09:30", "10:30", 0, "plenary", "Açılış oturumu", "Opening session", None,
     "Göç İdaresi Başkanlığı ve ICMPD'nin açılış konuşmaları.", "Opening addresses by the Presidency of Migration Management and ICMPD."),
    (0, "10:30", "12:00", 0, "panel", "Doğu Akdeniz rotasında çok aktörlü işbirliği", "Multi-actor cooperation on the Eastern Mediterranean route", None,
     "Kamu kurumları, sivil toplum ve uluslararası kuruluşlar sahadaki ortak deneyimlerini paylaşıyor.",
     "Public institutions, civil society and international organisations share joint field experience."),
    (0, "12:00", "13:30", None, "break", "Öğle yemeği", "Lunch", None, "", ""),
    (0, "13:30", "15:30", 1, "workshop", "Çalıştay A: Düzensiz göçte erken uyarı ve veri paylaşımı", "Workshop A: Early warning and data sharing on irregular migration", 30,
     "Kurumlar arası veri paylaşımı için pratik araçlar.", "Practical tools for data sharing between institutions."),
    (0, "13:30", "15:30", 2, "workshop", "Çalıştay B: Geri dönüş ve yeniden entegrasyon", "Workshop B: Return and reintegration", 25,
     "Gönüllü geri dönüş programlarında iyi uygulamalar.", "Good practice in assisted voluntary return programmes."),
    (0, "15:30", "16:00", None, "break", "Kahve arası", "Coffee break", None, "", ""),
    (0, "16:00", "17:30", 0, "panel", "Batı Balkanlar rotası: ortak operasyonel öncelikler", "Western Balkans route: shared operational priorities", None,
     "Rota ülkelerinin heyetleriyle panel.", "Panel with delegations of the route countries."),
    (1, "09:30", "11:00", 0, "plenary", "Göç yönetiminde özel sektör ve akademinin rolü", "The role of the private sector and academia in migration management", None,
     "İşgücü piyasası ve araştırma ortaklıkları.", "Labour-market and research partnerships."),
    (1, "11:00", "11:30", None, "break", "Kahve arası", "Coffee break", None, "", ""),
    (1, "11:30", "13:00", 1, "workshop", "Çalıştay C: Göçmen kaçakçılığıyla mücadelede adli işbirliği", "Workshop C: Judicial cooperation against migrant smuggling", 30,
     "Savcılar ve kolluk için vaka çalışmaları.", "Case studies for prosecutors and law enforcement."),
    (1, "11:30", "13:00", 2, "workshop", "Çalıştay D: Uyum hizmetlerinde yerel yönetimler", "Workshop D: Local authorities in integration services", 25,
     "Belediyelerin göç ve uyum birimlerinden deneyimler.", "Experience from municipal migration and integration units."),
    (1, "13:00", "14:00", None, "break", "Öğle yemeği", "Lunch", None, "", ""),
    (1, "14:00", "15:00", 0, "side_event", "Yan etkinlik: MAGNET paydaş ağı tanıtımı", "Side event: the MAGNET stakeholder network", None,
     "Portalın ve paydaş rehberinin tanıtımı.", "A tour of the portal and the stakeholder directory."),
    (1, "15:00", "16:00", 0, "plenary", "Kapanış ve sonuç bildirgesi", "Closing and conclusions", None,
     "Konferans sonuçlarının sunulması.", "Presentation of the conference conclusions."),
]


def _at(day: int, hhmm: str) -> datetime:
    hour, minute = (int(x) for x in hhmm.split(":"))
    return timezone.make_aware(datetime.combine(STARTS + timedelta(days=day), time(hour, minute)))


def _conference() -> Conference:
    conference = Conference.objects.filter(slug=SLUG).first()
    if conference:
        return conference
    conference = Conference(
        slug=SLUG,
        title="Göç Yönetiminde Çok Aktörlü Operasyonel İşbirliğinin Güçlendirilmesi",
        title_tr="Göç Yönetiminde Çok Aktörlü Operasyonel İşbirliğinin Güçlendirilmesi",
        title_en="Enhancing Multi-Actor Operational Cooperation in Migration Management",
        description_tr=(
            "Bölgesel MAGNET Konferansı, Doğu Akdeniz ve Batı Balkanlar rotalarından heyetleri, menşe ülkeleri, "
            "Avrupa Birliği'ni ve uluslararası kuruluşları İstanbul'da bir araya getiriyor."
        ),
        description_en=(
            "The Regional MAGNET Conference brings delegations from the Eastern Mediterranean and Western Balkan "
            "routes, countries of origin, the European Union and international organisations together in Istanbul."
        ),
        venue="Haliç Kongre Merkezi",
        venue_tr="Haliç Kongre Merkezi",
        venue_en="Haliç Congress Centre",
        city="İstanbul",
        starts_on=STARTS,
        ends_on=STARTS + timedelta(days=1),
        registration_opens_at=timezone.make_aware(datetime(2026, 11, 1, 9, 0)),
        registration_closes_at=timezone.make_aware(datetime(2027, 3, 31, 23, 59)),
        capacity=260,
        working_languages=["tr", "en"],
        interpretation_tr="Tüm genel oturumlarda Türkçe–İngilizce eşzamanlı çeviri.",
        interpretation_en="Simultaneous Turkish–English interpretation in all plenary sessions.",
        is_published=True,
        letter_signatory="Dr. Lukas Gehrke",
        letter_signatory_title_tr="ICMPD Direktörü",
        letter_signatory_title_en="Director, ICMPD",
    )
    conference.full_clean()
    conference.save()
    return conference


def _programme(conference, speakers: list[Person]) -> None:
    types = {}
    for order, (kind, tr, en, capacity, approval, invitation, workshops, hotel, colour) in enumerate(TYPES):
        types[kind], _created = RegistrationType.objects.get_or_create(
            conference=conference,
            kind=kind,
            defaults={
                "name": tr, "name_tr": tr, "name_en": en, "capacity": capacity, "requires_approval": approval,
                "invitation_only": invitation, "asks_workshops": workshops, "asks_hotel": hotel, "colour": colour, "order": order,
            },
        )
    rooms = []
    for order, (tr, en) in enumerate(ROOMS):
        room, _created = Room.objects.get_or_create(
            conference=conference, name_en=en, defaults={"name": tr, "name_tr": tr, "order": order}
        )
        rooms.append(room)
    for index, (day, start, end, room, kind, tr, en, capacity, abstract_tr, abstract_en) in enumerate(SESSIONS):
        session, created = Session.objects.get_or_create(
            conference=conference,
            title_en=en,
            starts_at=_at(day, start),
            defaults={
                "title": tr, "title_tr": tr, "ends_at": _at(day, end), "room": rooms[room] if room is not None else None,
                "kind": kind, "capacity": capacity, "abstract": abstract_tr, "abstract_tr": abstract_tr, "abstract_en": abstract_en,
            },
        )
        if created and kind in ("plenary", "panel", "workshop", "side_event") and speakers:
            session.speakers.set(speakers[index % len(speakers) : index % len(speakers) + 2])
            session.moderators.set([speakers[(index + 3) % len(speakers)]])


def _people() -> list[Person]:
    people = list(
        Person.objects.filter(
            anonymised_at__isnull=True,
            memberships__status=Membership.Status.APPROVED,
            memberships__until__isnull=True,
            email__endswith="@demo.magnet.local",
        )
        .exclude(email__in=("staff@demo.magnet.local", "pmm@demo.magnet.local", "reporter@demo.magnet.local"))
        .distinct()
        .order_by("pk")
    )
    if people:
        return people
    # The registry's demo data is absent: a minimal set of our own.
    minimal = [("Zeynep", "Özdemir"), ("Marko", "Petrović"), ("Layla", "Haddad"), ("Ömer", "Kılıç")]
    for given, family in minimal:
        person, _created = Person.objects.get_or_create(
            email=f"{given.lower()}.conference@demo.magnet.local".replace("ö", "o").replace("ı", "i"),
            defaults={"given_name": given, "family_name": family, "preferred_language": "en"},
        )
        people.append(person)
    return people


def _registrations(conference, people: list[Person]) -> int:
    if Registration.objects.filter(conference=conference).exists():
        return 0
    staff = get_user_model().objects.filter(email="staff@demo.magnet.local").first()
    if staff is None or not people:
        return 0
    pillars = {p.code: p for p in Pillar.objects.all()}
    types = {t.kind: t for t in conference.registration_types.all()}
    workshops = list(conference.sessions.filter(kind=Session.Kind.WORKSHOP).order_by("starts_at", "pk"))
    made = []
    for index, person in enumerate(people[:10]):
        membership = person.memberships.filter(status=Membership.Status.APPROVED).select_related("organisation").first()
        organisation = membership.organisation if membership else None
        kind = "speaker" if index < 2 else "delegate"
        details = {
            "organisation": organisation,
            "organisation_name": "" if organisation else "ICMPD",
            "pillar": organisation.pillar if organisation else pillars["international"],
            "country": organisation.country if organisation else "AT",
            "nationality": organisation.country if organisation else "AT",
            "interpretation_language": person.preferred_language,
            "photo_consent": index % 3 != 0,
            "needs_hotel": index % 2 == 0,
            "arrival_on": STARTS - timedelta(days=1),
            "departure_on": STARTS + timedelta(days=2),
        }
        if index == 3:
            details.update(
                needs_visa_letter=True, passport_name=upper_name(f"{person.given_name} {person.family_name}"),
                passport_number="N0482913", passport_country="AZ", passport_expires_on=date(2031, 6, 30),
                date_of_birth=date(1986, 9, 14), nationality="AZ",
            )
        chosen = [workshops[index % len(workshops)].pk] if workshops and kind == "delegate" else []
        made.append(
            registration_services.register(
                person=person, conference=conference, registration_type=types[kind], details=details,
                workshop_ids=chosen, by=staff,
            )
        )
    submitted = [r for r in made if r.status == Registration.Status.SUBMITTED]
    if len(submitted) > 2:
        registration_services.decide_registrations(registrations=submitted[:-2], approve=True, by=staff)
    if len(submitted) > 1:
        registration_services.decide_registrations(
            registrations=[submitted[-1]], approve=False, reason="Kurum başına iki delege sınırı aşıldı.", by=staff
        )
    approved = Registration.objects.filter(conference=conference, status=Registration.Status.APPROVED).first()
    if approved is not None:
        checkin.check_in(conference=conference, by=staff, registration_id=approved.pk)
    return len(made)


def _programme_template(conference) -> None:
    """The demo programme as a template for the next edition (the builder's "Start from a template")."""
    from .models import ProgrammeTemplate
    from .services.programme import save_template

    title_en = "Regional conference: plenaries, panels and parallel workshops"
    if not ProgrammeTemplate.objects.filter(title_en=title_en).exists():
        save_template(conference=conference, title_tr="Bölgesel konferans: genel oturumlar, paneller ve paralel çalıştaylar",
                      title_en=title_en, by=None)


def seed(stdout):
    """Idempotent demo data for this app (called by `manage.py seed_demo`)."""
    conference = _conference()
    people = _people()
    _programme(conference, people)
    _programme_template(conference)
    made = _registrations(conference, people)
    stdout.write(f"conference: {conference.slug} with {conference.sessions.count()} sessions, {made} new registrations")
