from django.urls import path

from .views import proposals
from .views import reporting as reporting_views

app_name = "projects"

urlpatterns = [
    # proposals (h7): preparation stage, PMM's opinion, overlaps, coverage
    path("", proposals.proposal_list, name="proposal_list"),
    path("new/", proposals.proposal_create, name="proposal_create"),
    path("<int:pk>/", proposals.proposal_detail, name="proposal_detail"),
    path("<int:pk>/edit/", proposals.proposal_edit, name="proposal_edit"),
    path("<int:pk>/submit/", proposals.proposal_submit, name="proposal_submit"),
    path("<int:pk>/withdraw/", proposals.proposal_withdraw, name="proposal_withdraw"),
    path("<int:pk>/opinion/", proposals.proposal_opinion, name="proposal_opinion"),
    path("<int:pk>/messages/", proposals.proposal_message, name="proposal_message"),
    path("<int:pk>/overlaps/", proposals.proposal_overlap_note, name="proposal_overlap_note"),
    path("overlaps/check/", proposals.overlaps_live, name="overlaps_live"),
    path("letters/<uuid:token>/", proposals.letter_download, name="letter_download"),
    path("coverage/", proposals.coverage_view, name="coverage"),
    # end of proposals (h7)
]

# --- each project's reports (h8) ---
urlpatterns += [
    path("reports/", reporting_views.report_list, name="report_list"),
    path("reports/<int:pk>/", reporting_views.report_detail, name="report_detail"),
    path("reports/<int:pk>/review/<slug:action>/", reporting_views.report_review, name="report_review"),
    path("reports/<int:pk>/figures/<int:figure_pk>/clear/", reporting_views.figure_clear, name="figure_clear"),
    path("<int:project_pk>/reporting-plan/", reporting_views.plan_create, name="plan_create"),
]
# --- end of each project's reports (h8) ---
