"""The floor: a bare Django 5.2 JSON view with no middleware, served by the same gunicorn settings as
the portal (`gunicorn benchmarks.bare:application`). benchmarks/load.py compares every page
with it."""

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import JsonResponse
from django.urls import path

settings.configure(
    DEBUG=False, SECRET_KEY="bare-floor-only", ALLOWED_HOSTS=["*"], ROOT_URLCONF=__name__, MIDDLEWARE=[], USE_TZ=True
)


def ok(request):
    return JsonResponse({"status": "ok"})


urlpatterns = [path("", ok)]
application = get_wsgi_application()
