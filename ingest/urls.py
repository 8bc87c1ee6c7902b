from django.urls import path

from . import views

app_name = "ingest"

urlpatterns = [
    path("submit/", views.submit, name="submit"),
]
