"""The programme page is the same for every visitor of a language, so its rendered sessions are
cached (templates/conference/programme.html) under a version that any change to what it shows
moves on: sessions, rooms, the conference, speakers' and moderators' names, workshop seats."""

import logging

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

log = logging.getLogger(__name__)
VERSION_KEY = "conference:programme:version"


def programme_version() -> int:
    try:
        return cache.get_or_set(VERSION_KEY, 1, timeout=None)
    except Exception:
        log.warning("programme: the cache is unreachable", exc_info=True)
        return 0


def programme_changed(**kwargs) -> None:
    # Now, and again after the commit: a request that read the old rows in between cached them under
    # the version this change started.
    _bump()
    transaction.on_commit(_bump)


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set yet (or evicted): the next read starts a fresh version
        cache.set(VERSION_KEY, programme_version() + 1, timeout=None)
    except Exception:  # the cache is down: the write goes on
        log.warning("programme: the cache is unreachable", exc_info=True)


def connect() -> None:
    from stakeholders.models import Person

    from .models import Conference, Room, Session, WorkshopChoice

    for model in (Conference, Room, Session, WorkshopChoice, Person):
        post_save.connect(programme_changed, sender=model, dispatch_uid=f"programme-save-{model.__name__}")
        post_delete.connect(programme_changed, sender=model, dispatch_uid=f"programme-delete-{model.__name__}")
    for through in (Session.speakers.through, Session.moderators.through):
        m2m_changed.connect(programme_changed, sender=through, dispatch_uid=f"programme-m2m-{through.__name__}")
