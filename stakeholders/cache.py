"""Registry figures (the home page's pillar counts, the public directory's and the staff dashboard's
aggregates) are the same for everyone and cost joins over the whole registry, so they are cached per
language under a version that every saved or deleted organisation, membership, person, pillar or
thematic area moves on. Bulk updates send no signal: the entries also expire after a minute."""

import contextlib
import logging

from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import translation

from magnet.cache import Version

log = logging.getLogger(__name__)
FIGURES = Version("stakeholders:figures:version")
registry_changed = FIGURES.changed
TIMEOUT = 60


def cached_figures(name: str, compute):
    """compute() once per registry version and language, then from the cache (or every time, while
    the cache is unreachable)."""
    try:
        version = FIGURES.current()
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
    from .models import Membership, Organisation, Person, Pillar, ThematicArea

    for model in (Organisation, Membership, Person, Pillar, ThematicArea):
        post_save.connect(registry_changed, sender=model, dispatch_uid=f"figures-save-{model.__name__}")
        post_delete.connect(registry_changed, sender=model, dispatch_uid=f"figures-delete-{model.__name__}")
    m2m_changed.connect(registry_changed, sender=Organisation.thematic_areas.through, dispatch_uid="figures-m2m")
