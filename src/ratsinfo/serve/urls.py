from django.urls import path

from . import views

app_name = "serve"

urlpatterns = [
    path("", views.home, name="home"),
    path("papers/", views.paper_list, name="paper_list"),
    path("papers/<int:pk>/", views.paper_detail, name="paper_detail"),
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("documents/", views.document_list, name="document_list"),
    path("documents/<int:pk>/", views.document_detail, name="document_detail"),
]
