"""What the registry shows the same way to many readers is cached per language under one version that
every saved or deleted organisation, organisation type, membership, person, pillar or thematic area
moves on: the figures (the home page's pillar counts, the public directory's and the staff
dashboard's aggregates) and the directory's result pages (one per audience and search). Bulk updates
send no signal: the entries also expire after a minute."""

import contextlib
import logging

from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import translation

from magnet.cache import Version

log = logging.getLogger(__name__)
REGISTRY = Version("stakeholders:figures:version")
registry_changed = REGISTRY.changed
TIMEOUT = 60


def cached_registry(name: str, compute):
    """compute() once per registry version and language, then from the cache (or every time, while
    the cache is unreachable). `name` must say everything else the value depends on."""
    try:
        version = REGISTRY.current()
        key = f"stakeholders:figures:{name}:{version}:{translation.get_language()}"
        value = cache.get(key)
    except Exception:
        log.warning("registry figures: the cache is unreachable", exc_info=True)
        return compute()
    if value is None:
        value = compute()
        with contextlib.suppress(Exception):
            cache.set(key, value, timeout=TIMEOUT)
    return value


def connect() -> None:
    from .models import Membership, Organisation, OrganisationType, Person, Pillar, ThematicArea

    for model in (Organisation, OrganisationType, Membership, Person, Pillar, ThematicArea):
        post_save.connect(registry_changed, sender=model, dispatch_uid=f"figures-save-{model.__name__}")
        post_delete.connect(registry_changed, sender=model, dispatch_uid=f"figures-delete-{model.__name__}")
    m2m_changed.connect(registry_changed, sender=Organisation.thematic_areas.through, dispatch_uid="figures-m2m")
