from django.urls import path

from . import views

app_name = "stakeholders"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation"),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="organisation_edit"),
    path("organisations/search.json", views.organisation_search, name="organisation_search"),
    path("welcome/", views.onboarding, name="onboarding"),
    path("profile/", views.profile, name="profile"),
    path("join/", views.join, name="join"),
    path("propose/", views.propose, name="propose"),
    path("my-data/", views.my_data, name="my_data"),
    path("my-data/download.json", views.my_data_download, name="my_data_download"),
    path("my-data/consent/", views.consent_change, name="consent_change"),
    path("my-data/delete/", views.delete_me, name="delete_me"),
    path("staff/", views.staff_dashboard, name="staff_dashboard"),
    path("staff/queue/", views.staff_queue, name="staff_queue"),
    path("staff/organisations/", views.staff_organisations, name="staff_organisations"),
    path("staff/organisations/export.<str:fmt>", views.staff_export, name="staff_export"),
    path("staff/import/", views.staff_import, name="staff_import"),
    path("staff/import/<int:pk>/", views.staff_import_preview, name="staff_import_preview"),
]
