"""Every main page, for every role: a /tr/ page shows no English phrase of the interface catalogue
and an /en/ page no Turkish one (phrases whose translation differs from the English, so "PDF",
"Panel" or "MAGNET" never count). Proper nouns that are the same in any page are allowed below."""

import re
from pathlib import Path

import polib
import pytest
from django.core.management import call_command

from tests.stakeholders.factories import ensure_reference_data

from .test_accessibility import PAGES, _sign_in

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"%\([^)]*\)[sd]|%[sd]|\{[^}]*\}|<[^>]+>")
# Proper nouns and names of things that read the same in both languages.
ALLOWED = {"Göç İdaresi Başkanlığı", "Göç Yönetimi Otoriteleri Ağ Oluşturma Etkinliği", "Europe/Istanbul"}
# The text a reader of the page's language meets: text and the attributes read out (placeholder, title,
# aria-label, alt), leaving out what is marked as another language (the other half of a bilingual
# view, the language switcher) and scripts.
PAGE_TEXT = """() => {
  const lang = document.documentElement.lang;
  const foreign = el => { const marked = el.closest('[lang]'); return marked && marked.lang !== lang; };
  const parts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    if (el && !foreign(el) && !el.closest('script, style, template, noscript')) parts.push(walker.currentNode.textContent);
  }
  for (const el of document.body.querySelectorAll('[placeholder], [title], [aria-label], img[alt]')) {
    if (!foreign(el)) parts.push(['placeholder', 'title', 'aria-label', 'alt'].map(a => el.getAttribute(a) || '').join(' '));
  }
  return parts.join(' ');
}"""
MORE_PAGES = {
    "stakeholder": ["/{lang}/accounts/password/change/", "/{lang}/accounts/email/", "/{lang}/meetings/{meeting}/",
                    "/{lang}/registry/organisations/{organisation}/", "/{lang}/meetings/"],
    "reporter": ["/{lang}/reports/field/{field_report}/"],
    "pmm": ["/{lang}/reports/{report}/"],
    "staff": ["/{lang}/accounts/2fa/", "/{lang}/registry/staff/import/", "/{lang}/registry/staff/organisations/",
              "/{lang}/meetings/staff/{meeting}/", "/{lang}/meetings/staff/{meeting}/invite/",
              "/{lang}/meetings/staff/{meeting}/attendance/", "/{lang}/meetings/staff/figures/",
              "/{lang}/conference/{slug}/staff/registrations/", "/{lang}/conference/{slug}/staff/badges/",
              "/{lang}/reports/{report}/", "/{lang}/reports/field/{field_report}/"],
}


def _phrases(texts) -> set[str]:
    """Pieces of interface text of two words or more, cut at placeholders and markup."""
    found = set()
    for text in texts:
        for piece in PLACEHOLDER.split(text):
            for part in re.split(r"[\n:;()“”\"«»]|\s[—–-]\s|\.\s", piece):
                part = " ".join(part.split()).strip(" .,?!")
                if len(part.split()) >= 2 and len(part) >= 8 and part not in ALLOWED:
                    found.add(part)
    return found


def _vocabularies():
    catalogue = polib.pofile(str(ROOT / "locale/tr/LC_MESSAGES/django.po"))
    english, turkish = [], []
    for entry in catalogue:
        translations = [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values())
        sources = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])
        if all(t.strip() == s.strip() for t, s in zip(translations, sources, strict=False)):
            continue
        english += sources
        turkish += translations
    english_phrases, turkish_phrases = _phrases(english), _phrases(turkish)
    # a phrase that is also a phrase of the other language is no evidence either way
    return english_phrases - turkish_phrases, turkish_phrases - english_phrases


def _found(text: str, phrases: set[str]) -> list[str]:
    text = " ".join(text.split())
    return sorted(p for p in phrases if re.search(rf"(?<![\w-]){re.escape(p)}(?![\w-])", text))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_no_english_on_turkish_pages_and_no_turkish_on_english_pages(page, settings):
    settings.MAGNET_REQUIRE_MFA = False
    ensure_reference_data()  # a transactional test before this one flushed the notice and consent texts
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    from conference.models import Conference
    from meetings.models import Invitation
    from reports.models import FieldReport, PeriodicReport

    invitation = Invitation.objects.filter(person__email="stakeholder@demo.magnet.local").select_related("meeting").first()
    ids = {
        "slug": Conference.objects.get().slug,
        "meeting": invitation.meeting_id,
        "organisation": invitation.person.memberships.first().organisation_id,
        "field_report": FieldReport.objects.filter(author__email="reporter@demo.magnet.local").first().pk,
        "report": PeriodicReport.objects.exclude(sent_at=None).first().pk,
    }
    english, turkish = _vocabularies()
    assert len(english) > 500 and len(turkish) > 500
    pages = {who: paths + MORE_PAGES.get(who, []) for who, paths in PAGES.items()}
    problems = {}
    for who, paths in pages.items():
        page.context.clear_cookies()
        if who:
            _sign_in(page, who)
        for lang, own, foreign in (("tr", turkish, english), ("en", english, turkish)):
            for template in paths:
                path = template.format(lang=lang, **ids)
                response = page.goto(path)
                assert response.status == 200, path
                text = page.evaluate(PAGE_TEXT)
                assert _found(text, own), f"{path} shows no interface text in its own language"
                if wrong := _found(text, foreign):
                    problems[f"{who or 'anonymous'} {path}"] = wrong
    assert problems == {}
