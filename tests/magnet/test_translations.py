"""Every interface string has a hand-made Turkish translation: the catalogue is extracted afresh
from the code (in a copy of the tree) and must have no untranslated or fuzzy entry."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
SKIP = shutil.ignore_patterns(".venv", "var", ".git", "staticfiles", "node_modules", "__pycache__", "*.mo", "media")


@pytest.fixture(scope="module")
def fresh_catalogue(tmp_path_factory):
    if not shutil.which("msgfmt"):
        pytest.skip("needs gettext (apt-get install gettext)")
    copy = tmp_path_factory.mktemp("tree") / "magnet"
    shutil.copytree(ROOT, copy, ignore=SKIP)
    env = {**os.environ, "DEBUG": "1"}
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "tr", "--no-obsolete", "-i", "tests", "-i", "benchmarks"],
        cwd=copy, env=env, check=True, capture_output=True, timeout=300,
    )
    return polib.pofile(str(copy / "locale/tr/LC_MESSAGES/django.po"))


def test_every_interface_string_is_translated_into_turkish(fresh_catalogue):
    untranslated = [entry.msgid for entry in fresh_catalogue.untranslated_entries()]
    assert untranslated == []


def test_no_translation_is_fuzzy(fresh_catalogue):
    assert [entry.msgid for entry in fresh_catalogue.fuzzy_entries()] == []


def test_the_committed_catalogue_compiles_cleanly():
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", os.devnull, str(ROOT / "locale/tr/LC_MESSAGES/django.po")],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr
