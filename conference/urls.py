from django.urls import path

from . import views

app_name = "conference"

urlpatterns = [
    path("", views.home, name="home"),
    path("offer/<str:token>/", views.confirm_offer, name="confirm_offer"),
    path("sessions/<int:pk>.ics", views.session_ics, name="session_ics"),
    path("staff/registrations/<int:pk>/", views.staff_registration, name="staff_registration"),
    path("staff/letters/<int:pk>/", views.letter_download, name="letter_download"),
    path("staff/badges/<int:pk>/", views.badge_batch_download, name="badge_batch_download"),
    path("<slug:slug>/programme/", views.programme, name="programme"),
    path("<slug:slug>/programme.pdf", views.programme_pdf, name="programme_pdf"),
    path("<slug:slug>/programme.ics", views.programme_ics, name="programme_ics"),
    path("<slug:slug>/register/", views.register, name="register"),
    path("<slug:slug>/my-registration/", views.my_registration, name="my_registration"),
    path("<slug:slug>/my-registration/edit/", views.edit_registration, name="edit_registration"),
    path("<slug:slug>/my-registration/cancel/", views.cancel_registration, name="cancel_registration"),
    path("<slug:slug>/my-registration/badge.pdf", views.my_badge, name="my_badge"),
    path("<slug:slug>/my-registration/calendar.ics", views.my_calendar, name="my_calendar"),
    path("<slug:slug>/staff/", views.staff_dashboard, name="staff_dashboard"),
    path("<slug:slug>/staff/registrations/", views.staff_registrations, name="staff_registrations"),
    path("<slug:slug>/staff/registrations.xlsx", views.staff_export, name="staff_export"),
    path("<slug:slug>/staff/badges/", views.badge_batches, name="badge_batches"),
    path("<slug:slug>/check-in/", views.checkin, name="checkin"),
    path("<slug:slug>/check-in/counts/", views.checkin_counts, name="checkin_counts"),
]
