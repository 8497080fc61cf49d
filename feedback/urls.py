from django.urls import path

from . import views

app_name = "feedback"

urlpatterns = [
    path("answer/<str:token>/", views.answer, name="answer"),
    path("staff/", views.staff_list, name="staff_list"),
    path("staff/<int:pk>/", views.staff_results, name="staff_results"),
    path("staff/<int:pk>/answers.<str:fmt>", views.staff_export, name="staff_export"),
]
