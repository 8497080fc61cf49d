from django.urls import path

from .views import reporting as reporting_views

app_name = "projects"

urlpatterns = []

# --- each project's reports (h8) ---
urlpatterns += [
    path("reports/", reporting_views.report_list, name="report_list"),
    path("reports/<int:pk>/", reporting_views.report_detail, name="report_detail"),
    path("reports/<int:pk>/review/<slug:action>/", reporting_views.report_review, name="report_review"),
    path("reports/<int:pk>/figures/<int:figure_pk>/clear/", reporting_views.figure_clear, name="figure_clear"),
    path("<int:project_pk>/reporting-plan/", reporting_views.plan_create, name="plan_create"),
]
# --- end of each project's reports (h8) ---
