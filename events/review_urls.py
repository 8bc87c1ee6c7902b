"""Editors' review pages, mounted at /review/."""

from django.urls import path

from . import review_views as views

app_name = "review"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("bulk/", views.bulk, name="bulk"),
    path("places/", views.places, name="places"),
    path("incidents/<int:pk>/edit/", views.edit, name="edit"),
    path("incidents/<int:pk>/status/", views.set_status, name="status"),
    path("incidents/<int:pk>/history/", views.history, name="history"),
    path("incidents/<int:pk>/revert/<int:history_id>/", views.revert, name="revert"),
    path("incidents/<int:pk>/merge/", views.merge_into, name="merge"),
    path("sources/<int:source_id>/split/", views.split, name="split"),
]
