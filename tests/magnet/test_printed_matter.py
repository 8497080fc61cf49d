"""Printed matter as a careful reader sees it (issue 11, items 9-11): visa letters in each block's
own language, no guessed Turkish suffixes, Turkish names upper-cased by Turkish rules on any page,
a same-day meeting's date printed once, one footer rule, localised dates, badges that do not follow
the download page's language."""

import datetime
import io
import re

import pytest
from django.utils import timezone, translation
from pypdf import PdfReader

from conference.services import documents
from magnet.roles import ICMPD_STAFF
from magnet.templatetags.portal import caps, local_date, time_range
from magnet.text import upper_name
from tests.conference.factories import ConferenceFactory, RegistrationFactory
from tests.factories import OrganisationFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def _pages(content: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages]


def _letter(**conference):
    registration = RegistrationFactory(
        conference=ConferenceFactory(city="Gaziantep", starts_on=datetime.date(2026, 12, 2),
                                     ends_on=datetime.date(2026, 12, 3), letter_signatory="Dr. Lukas Gehrke",
                                     letter_signatory_title_tr="ICMPD Direktörü",
                                     letter_signatory_title_en="Director, ICMPD", **conference),
        person=PersonFactory(given_name="İsmail", family_name="Kılıç"), needs_visa_letter=True,
        passport_name=upper_name("İsmail Kılıç"), passport_number="U12345678", passport_country="AZ",
        passport_expires_on=datetime.date(2030, 5, 1), date_of_birth=datetime.date(1984, 2, 29), nationality="AZ",
    )
    with translation.override("en"):  # the page staff click from must not matter
        letter = documents.generate_invitation_letter(registration=registration, by=UserFactory(role=ICMPD_STAFF))
    return _pages(letter.file.read())


def test_each_block_of_the_visa_letter_is_in_its_own_language():
    turkish, english = _letter()

    assert "2 Aralık 2026" in turkish and "Azerbaycan" in turkish and "ICMPD Direktörü" in turkish
    assert "2 December 2026" in english and "Azerbaijan" in english and "Director, ICMPD" in english
    assert "Aralık" not in english and "Azerbaycan" not in english and "Direktörü" not in english
    assert english.count("Letter of Invitation") == 2 and "Davet Mektubu" not in english  # running header
    assert "İSMAİL KILIÇ" in turkish and "İSMAİL KILIÇ" in english


def test_the_turkish_letter_words_around_names_instead_of_guessing_suffixes():
    turkish, _english = _letter()

    assert "Gaziantep ilinde" in turkish and "Bölgesel MAGNET Konferansına" in turkish
    assert not re.search(r"Gaziantep'", turkish) and "Konferansı'na" not in turkish


def test_one_footer_rule_for_all_printed_matter():
    turkish, english = _letter()
    assert "Sayfa 1 / 2 · Page 1 of 2" in turkish and "Sayfa 2 / 2 · Page 2 of 2" in english

    conference = ConferenceFactory()
    for language, footer in (("tr", "Sayfa 1 / 1"), ("en", "Page 1 of 1")):
        programme = documents.render_programme(conference=conference, sessions_by_day=[], language=language)
        assert footer in _pages(programme.content)[0]


@pytest.mark.parametrize("language, expected", [("tr", "23 Aralık 2026, 09:30–16:30"), ("en", "09:30–16:30")])
def test_a_same_day_meeting_prints_its_date_once(language, expected):
    from meetings.models import Printout
    from meetings.services import render_printout_now
    from tests.meetings.factories import MeetingFactory

    starts = timezone.make_aware(datetime.datetime(2026, 12, 23, 9, 30))
    meeting = MeetingFactory(starts_at=starts, ends_at=starts + datetime.timedelta(hours=7))
    printout = Printout.objects.create(meeting=meeting, kind=Printout.Kind.AGENDA, language=language)

    text = _pages(render_printout_now(printout_id=printout.pk).file.read())[0]

    assert expected in text and text.count("2026") == 1
    assert ("Sayfa 1 / 1" if language == "tr" else "Page 1 of 1") in text


def test_time_range_prints_both_dates_across_midnight():
    starts = timezone.make_aware(datetime.datetime(2026, 12, 23, 18, 0))
    with translation.override("tr"):
        assert time_range(starts, starts + datetime.timedelta(hours=8)) == "23 Aralık 2026, 18:00 – 24 Aralık 2026, 02:00"


def test_dates_stored_in_report_figures_print_localised_not_iso():
    with translation.override("tr"):
        assert local_date("2026-11-02T07:00:00Z").endswith("2 Kasım 2026")  # the format file decides on "02"
    with translation.override("en"):
        assert "2026-11-02" not in local_date("2026-11-02T07:00:00+03:00")


def test_turkish_names_keep_turkish_capitals_on_english_pages():
    assert upper_name("Quarterly report: İzmir and Iğdır", language="en") == "QUARTERLY REPORT: İZMİR AND IĞDIR"
    assert upper_name("İsmail Kılıç") == "İSMAİL KILIÇ"
    assert upper_name("Ismail Smith", language="en") == "ISMAIL SMITH"
    with translation.override("en"):
        assert caps("İzmir field office") == "İZMİR FIELD OFFICE"
    with translation.override("tr"):
        assert caps("izmir") == "İZMİR"


def test_the_badge_is_the_same_whatever_page_it_is_downloaded_from():
    organisation = OrganisationFactory(name_tr="Göç İdaresi Başkanlığı", name_en="Presidency of Migration Management")
    registration = RegistrationFactory(organisation=organisation, organisation_name="")
    texts = []
    for language in ("tr", "en"):
        with translation.override(language):
            texts.append(_pages(documents.participant_badge(registration=registration).content)[0])

    assert texts[0] == texts[1]
    assert "Presidency of Migration Management" in texts[0]
