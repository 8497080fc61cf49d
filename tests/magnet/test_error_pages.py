"""Visitors see the portal's own error pages in the language of the page, never Django's debug page;
`make run` (the embedded demo) runs with DEBUG off and still serves its static files."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "title", "link"), [("tr", "Sayfa bulunamadı", "Ana sayfaya dön"),
                                                         ("en", "Page not found", "Back to the home page")])
def test_a_missing_page_is_the_portals_own_in_the_readers_language(client, language, title, link):
    response = client.get(f"/{language}/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert f'<html lang="{language}"' in html and title in html and link in html
    assert "URLconf" not in html and "Using the URLconf" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "title"), [("tr", "Bir sorun oluştu"), ("en", "Something went wrong")])
def test_a_server_error_is_the_portals_own_in_the_readers_language(client, settings, language, title):
    settings.ROOT_URLCONF = "tests.magnet.error_urls"
    client.raise_request_exception = False
    response = client.get(f"/{language}/fails/")
    html = response.content.decode()
    assert response.status_code == 500
    assert f'<html lang="{language}">' in html and title in html
    assert "Traceback" not in html and "RuntimeError" not in html


def test_the_embedded_demo_runs_without_debug_serves_static_files_and_keeps_a_key_of_its_own(tmp_path):
    probe = """
import django
django.setup()
from django.conf import settings
from django.test import Client
client = Client(HTTP_HOST="127.0.0.1")
missing = client.get("/tr/no-such-page/")
css = client.get("/static/css/portal.css")
print(settings.DEBUG, missing.status_code, "Sayfa bulunamadı" in missing.content.decode(), css.status_code,
      getattr(settings, "SECURE_SSL_REDIRECT", False), settings.SESSION_COOKIE_SECURE, settings.SECRET_KEY)
"""
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update(DJANGO_SETTINGS_MODULE="magnet.settings", DEBUG="0", MAGNET_EMBEDDED_DEMO="1", MAGNET_VAR_DIR=str(tmp_path))

    def run():
        result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        return result.stdout.split()

    first, second = run(), run()
    assert first[:6] == ["False", "404", "True", "200", "False", "False"]
    key = first[6]
    assert len(key) >= 50 and "insecure" not in key and key == second[6]  # made once, kept under var/
    assert oct((tmp_path / "secret_key").stat().st_mode & 0o777) == "0o600"


def test_make_run_turns_debug_off_unless_asked():
    makefile = (ROOT / "Makefile").read_text()
    assert "run: export DEBUG ?= 0" in makefile
    assert "run: export MAGNET_EMBEDDED_DEMO ?= 1" in makefile
