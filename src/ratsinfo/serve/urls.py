from django.urls import path

from . import views
from .views import common as page_common
from .views import ical as page_ical
from .views import meetings as page_meetings
from .views import search as page_search

app_name = "serve"

urlpatterns = [
    path("", views.home, name="home"),
    path("papers/", views.paper_list, name="paper_list"),
    path("papers/<int:pk>/", views.paper_detail, name="paper_detail"),
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/calendar/", page_meetings.meeting_calendar, name="meeting_calendar"),
    path("meetings/<int:pk>/ical/", page_ical.meeting_ical, name="meeting_ical"),
    path("meetings/ical/", page_ical.meetings_ical, name="meetings_ical"),
    path("organizations/<int:pk>/ical/", page_ical.organization_ical, name="organization_ical"),
    path("search/", page_search.search, name="search"),
    path("search/feed/", page_search.search_feed, name="search_feed"),
    path("static/<path:path>", page_common.static_file, name="static"),
    path("documents/", views.document_list, name="document_list"),
    path("documents/<int:pk>/", views.document_detail, name="document_detail"),
    path("persons/", views.person_list, name="person_list"),
    path("persons/<int:pk>/", views.person_detail, name="person_detail"),
    path("organizations/", views.organization_list, name="organization_list"),
    path("organizations/<int:pk>/", views.organization_detail, name="organization_detail"),
    path("cooperations/", views.cooperation_list, name="cooperation_list"),
    path("cooperations/partners/", views.cooperation_partners, name="cooperation_partners"),
    path("cooperations/years/", views.cooperation_years, name="cooperation_years"),
    path("cooperations/<int:pk>/", views.cooperation_detail, name="cooperation_detail"),
]
