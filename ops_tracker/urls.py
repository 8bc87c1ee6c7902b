from django.contrib import admin
from django.urls import include, path

from .views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/v1/", include("events.api.urls")),
    path("api/v1/", include("ingest.api_urls")),
    path("ingest/", include("ingest.urls")),
    path("review/", include("events.review_urls")),
    path("", include("events.urls")),
]
