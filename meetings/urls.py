from django.urls import path

from . import commitment_views, views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="meeting_list"),
    path("my/", views.my_meetings, name="my_meetings"),
    path("my/calendar.ics", views.my_calendar, name="my_calendar"),
    path("my/feed/", views.calendar_feed_manage, name="calendar_feed_manage"),
    path("commitments/", commitment_views.my_commitments, name="my_commitments"),
    path("commitments/<int:pk>/", commitment_views.commitment_detail, name="commitment_detail"),
    path("staff/commitments/", commitment_views.staff_commitments, name="staff_commitments"),
    path("staff/commitments.xlsx", commitment_views.staff_commitments_xlsx, name="staff_commitments_xlsx"),
    path("feed/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("<int:pk>/answer/", views.meeting_answer, name="meeting_answer"),
    path("<int:pk>/calendar.ics", views.meeting_calendar, name="meeting_calendar"),
    path("<int:pk>/agenda.pdf", views.agenda_pdf, name="agenda_pdf"),
    path("<int:pk>/documents/<int:document_pk>/", views.document_download, name="document_download"),
    path("rsvp/<str:token>/", views.rsvp, name="rsvp"),
    path("rsvp/<str:token>/calendar.ics", views.rsvp_calendar, name="rsvp_calendar"),
    path("staff/figures/", views.staff_figures, name="staff_figures"),
    path("staff/<int:pk>/", views.staff_meeting, name="staff_meeting"),
    path("staff/<int:pk>/invite/", views.staff_invite, name="staff_invite"),
    path("staff/<int:pk>/attendance/", views.staff_attendance, name="staff_attendance"),
    path("staff/<int:pk>/attendance/<int:invitation_pk>/", views.staff_check_in, name="staff_check_in"),
    path("staff/<int:pk>/walk-in/", views.staff_walk_in, name="staff_walk_in"),
    path("staff/<int:pk>/attendees.xlsx", views.staff_attendees_xlsx, name="staff_attendees_xlsx"),
    path("staff/<int:pk>/printouts/", views.staff_request_printout, name="staff_request_printout"),
    path("staff/<int:pk>/printouts/<int:printout_pk>/", views.staff_printout, name="staff_printout"),
]
