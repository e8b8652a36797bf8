from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("oparl/v1.1/", include("ratsinfo.oparl.urls")),
    path("", include("ratsinfo.serve.urls")),
]
