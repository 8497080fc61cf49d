"""The programme page is the same for every visitor of a language, so its rendered sessions are
cached (templates/conference/programme.html) under a version that any change to what it shows
moves on: sessions, rooms, the conference, speakers' and moderators' names, workshop seats."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from magnet.cache import Version

PROGRAMME = Version("conference:programme:version")
programme_version = PROGRAMME.current
programme_changed = PROGRAMME.changed


def connect() -> None:
    from stakeholders.models import Person

    from .models import Conference, Room, Session, WorkshopChoice

    for model in (Conference, Room, Session, WorkshopChoice, Person):
        post_save.connect(programme_changed, sender=model, dispatch_uid=f"programme-save-{model.__name__}")
        post_delete.connect(programme_changed, sender=model, dispatch_uid=f"programme-delete-{model.__name__}")
    for through in (Session.speakers.through, Session.moderators.through):
        m2m_changed.connect(programme_changed, sender=through, dispatch_uid=f"programme-m2m-{through.__name__}")
