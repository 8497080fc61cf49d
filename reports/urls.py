from django.urls import path

from . import network_views, views

app_name = "reports"

urlpatterns = [
    path("", views.periodic_report_list, name="periodic_report_list"),
    path("new/", views.periodic_report_create, name="periodic_report_create"),
    path("<int:pk>/", views.periodic_report_detail, name="periodic_report_detail"),
    path("<int:pk>/edit/", views.periodic_report_edit, name="periodic_report_edit"),
    path("<int:pk>/status/", views.generation_status, name="generation_status"),
    path("<int:pk>/acknowledge/", views.periodic_report_acknowledge, name="periodic_report_acknowledge"),
    path("<int:pk>/figures.<str:fmt>", views.data_annex, name="data_annex"),
    path("<int:pk>/documents/<int:document_pk>/retry/", views.document_retry, name="document_retry"),
    path("<int:pk>/statistics/<int:figure_pk>/clear/", views.statistic_clear, name="statistic_clear"),
    path("<int:pk>/<slug:action>/", views.periodic_report_action, name="periodic_report_action"),
    path("network/", network_views.network_page, name="network"),
    path("network/figures.xlsx", network_views.network_xlsx, name="network_xlsx"),
    path("documents/<uuid:token>/", views.document_download, name="document_download"),
    path("field/", views.field_report_list, name="field_report_list"),
    path("field/new/", views.field_report_create, name="field_report_create"),
    path("field/<int:pk>/", views.field_report_detail, name="field_report_detail"),
    path("field/<int:pk>/edit/", views.field_report_edit, name="field_report_edit"),
    path("field/<int:pk>/submit/", views.field_report_submit, name="field_report_submit"),
    path("field/<int:pk>/review/", views.field_report_review, name="field_report_review"),
    path("field/<int:pk>/attachments/<int:attachment_pk>/", views.attachment_download, name="attachment_download"),
]
