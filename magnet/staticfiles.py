"""Static file storage for production: WhiteNoise's compressed manifest storage, remembering each
file's address. The manifest does not change while a process runs, and working the address out
again cost about a sixth of the time of rendering the base template on every page."""

import functools

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    @functools.lru_cache(maxsize=1024)  # noqa: B019 — one storage instance lives as long as the process
    def url(self, name, force=False):
        return super().url(name, force)
