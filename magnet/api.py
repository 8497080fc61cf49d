"""The one API router under /api/v1/. Each app's api.py has `register(router)`."""

from importlib import import_module

from rest_framework.routers import DefaultRouter

API_APPS = ("stakeholders", "meetings", "conference", "reports")

router = DefaultRouter()
for _app in API_APPS:
    import_module(f"{_app}.api").register(router)
