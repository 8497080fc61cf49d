from django.urls import path

from .views import proposals

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
