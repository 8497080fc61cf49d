from django.urls import path

from . import keyfigures_views as views

app_name = "key_figures"

urlpatterns = [
    path("", views.public_page, name="page"),
    path("key-figures.<str:fmt>", views.public_download, name="download"),
    path("releases/", views.release_list, name="releases"),
    path("releases/prepare/", views.release_prepare, name="prepare"),
    path("releases/<int:pk>/clear/", views.release_clear, name="clear"),
]
