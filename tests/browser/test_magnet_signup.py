"""A newcomer signs up with a Turkish name, confirms the address from the e-mail the portal sent,
signs in, switches between Turkish and English, and sees the name rendered exactly."""

import re

import pytest

NAME = "Çağrı Işıkoğlu"
PASSWORD = "Göç-yönetimi-2026"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_newcomer_signs_up_confirms_signs_in_and_switches_language(page, live_server, mailoutbox, settings):
    page.goto("/tr/accounts/signup/")
    assert page.locator("html").get_attribute("lang") == "tr"
    page.get_by_label("Ad:", exact=True).fill("Çağrı")
    page.get_by_label("Soyadı:").fill("Işıkoğlu")
    page.get_by_label("E-posta:").fill("cagri@example.org")
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/tr/accounts/confirm-email/$"))

    assert len(mailoutbox) == 1
    link = re.search(r"https?://\S+/confirm-email/\S+/", mailoutbox[0].body).group(0)
    page.goto(link.replace("http://testserver", live_server.url))
    page.locator("main form button[type=submit]").click()

    page.goto("/tr/accounts/login/")
    page.locator("input[name=login]").fill("cagri@example.org")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("header .who").inner_text() == NAME

    page.goto("/tr/")
    page.locator(".language-switch button[value=en]").click()
    page.wait_for_url(re.compile(r"/en/"))
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("header .who").inner_text() == NAME
    assert page.get_by_role("heading", name="The four pillars").is_visible()

    page.locator(".language-switch button[value=tr]").click()
    page.wait_for_url(re.compile(r"/tr/"))
    assert page.get_by_role("heading", name="Dört sütun").is_visible()
    assert page.locator("header .who").inner_text() == NAME


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_home_page_fits_a_phone_and_has_a_skip_link(page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/en/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
    page.screenshot(path="/tmp/magnet-home-phone-en.png", full_page=True)
