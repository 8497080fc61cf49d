"""Every main page, for every role, in both languages: the right `lang`, one main landmark, a heading,
a skip link, a label for every field, alt text for every image, nothing wider than a phone, and no
critical or serious axe-core violation (the admin's pages: test_admin_accessibility.py)."""

import pytest
from django.core.management import call_command

from magnet.demo import DEMO_PASSWORD
from tests.browser.axe import serious_violations

PAGES = {
    None: ["/{lang}/", "/{lang}/accounts/login/", "/{lang}/accounts/signup/", "/{lang}/conference/",
           "/{lang}/conference/{slug}/programme/", "/{lang}/registry/", "/{lang}/library/?q=g%C3%B6%C3%A7"],
    "stakeholder": ["/{lang}/registry/", "/{lang}/meetings/my/", "/{lang}/registry/my-data/",
                    "/{lang}/conference/{slug}/register/", "/{lang}/registry/join/", "/{lang}/accounts/api-tokens/"],
    "reporter": ["/{lang}/reports/field/", "/{lang}/reports/field/new/"],
    "pmm": ["/{lang}/reports/"],
    "staff": ["/{lang}/staff/", "/{lang}/registry/staff/", "/{lang}/registry/staff/queue/",
              "/{lang}/conference/{slug}/staff/", "/{lang}/conference/{slug}/check-in/", "/{lang}/meetings/"],
}

UNLABELLED_FIELDS = """() => Array.from(document.querySelectorAll(
    'input:not([type=hidden]):not([type=submit]):not([type=button]), select, textarea'))
  .filter(el => el.offsetParent !== null)
  .filter(el => !((el.id && document.querySelector(`label[for="${el.id}"]`)) || el.closest('label')
                  || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')))
  .map(el => el.name || el.outerHTML.slice(0, 80))"""


def _sign_in(page, who):
    page.goto("/en/accounts/login/")
    page.locator("input[name=login]").fill(f"{who}@demo.magnet.local")
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_every_main_page_is_accessible_in_both_languages_on_a_phone(page, settings):
    settings.MAGNET_REQUIRE_MFA = False
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    from conference.models import Conference

    slug = Conference.objects.get().slug
    page.set_viewport_size({"width": 390, "height": 844})
    problems = []
    for who, paths in PAGES.items():
        page.context.clear_cookies()
        if who:
            _sign_in(page, who)
        for lang in ("tr", "en"):
            for template in paths:
                path = template.format(lang=lang, slug=slug)
                response = page.goto(path)
                facts = {
                    "status": response.status,
                    "lang": page.locator("html").get_attribute("lang"),
                    "main": page.locator("main").count(),
                    "h1": page.locator("h1").count(),
                    "skip": page.locator("a.skip-link[href='#main']").count(),
                    "unlabelled": page.evaluate(UNLABELLED_FIELDS),
                    "no_alt": page.locator("img:not([alt])").count(),
                    "width": page.evaluate("document.documentElement.scrollWidth"),
                }
                expected = {"status": 200, "lang": lang, "main": 1, "skip": 1, "unlabelled": [], "no_alt": 0}
                wrong = {k: facts[k] for k, v in expected.items() if facts[k] != v}
                if facts["h1"] < 1:
                    wrong["h1"] = 0
                if facts["width"] > 390:
                    wrong["width"] = facts["width"]
                if violations := serious_violations(page):
                    wrong["axe"] = violations
                if wrong:
                    problems.append((who, path, wrong))
    assert problems == []
