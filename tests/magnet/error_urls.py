"""The portal's URLs plus one view that fails, to see the 500 page (tests/magnet/test_error_pages.py)."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import path

from magnet.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


def _fails(request):
    raise RuntimeError("a bug")


urlpatterns = [*i18n_patterns(path("fails/", _fails)), *urlpatterns]
