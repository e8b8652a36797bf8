from django.urls import path

from . import views

app_name = "oparl"

urlpatterns = [
    path("", views.system, name="system"),
]
