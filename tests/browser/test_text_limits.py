"""The character counter under a limited text area (issue 9, item 10), as a reporter sees it."""

import pytest
from playwright.sync_api import expect

from magnet import limits
from magnet.roles import FIELD_REPORTER
from tests.browser.test_reports_journey import sign_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_text_area_counts_its_characters_against_the_limit(page):
    reporter = UserFactory(role=FIELD_REPORTER, email="saha@example.org")
    sign_in(page, reporter.email)
    page.goto("/tr/reports/field/new/")

    counter = page.locator("#id_situation_overview_tr-counter")
    expect(counter).to_have_text(f"0 / {limits.NARRATIVE} karakter")
    page.fill("#id_situation_overview_tr", "Iğdır")
    expect(counter).to_have_text(f"5 / {limits.NARRATIVE} karakter")
    page.fill("#id_situation_overview_tr", "x" * (limits.NARRATIVE + 50))  # the browser stops at the limit
    expect(counter).to_have_text(f"{limits.NARRATIVE} / {limits.NARRATIVE} karakter")
    expect(counter).to_have_class("helptext counter near-limit")
