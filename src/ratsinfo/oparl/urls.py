from django.urls import path, re_path

from . import views

app_name = "oparl"

# Path layout of the OParl OpenAPI description; ids are these URLs.
urlpatterns = [
    path("", views.system, name="root"),
    path("system", views.system, name="system"),
    path("bodies", views.bodies, name="bodies"),
    path("bodies/<str:body_id>", views.body, name="body"),
    path("bodies/<str:body_id>/files/<str:pk>/download", views.download, name="download"),
    path("bodies/<str:body_id>/<str:kind>", views.object_list, name="list"),
    path("bodies/<str:body_id>/organizations/<str:pk>/<str:sub>", views.organization_list, name="organization_list"),
    path("bodies/<str:body_id>/<str:kind>/<str:pk>", views.object_detail, name="object"),
    re_path(r"^(?P<rest>.*)$", views.not_found),
]
