"""/api/v1/ routes for incidents and their vocabulary (see docs/api.md)."""

from django.urls import path

from . import views

urlpatterns = [
    path("incidents/", views.IncidentListView.as_view(), name="api-incident-list"),
    path("incidents.geojson", views.IncidentGeoJSONView.as_view(), name="api-incident-geojson"),
    path("incidents.csv", views.IncidentCSVView.as_view(), name="api-incident-csv"),
    path("incidents/deleted/", views.DeletedIncidentsView.as_view(), name="api-incident-deleted"),
    path("incidents/merge/", views.IncidentMergeView.as_view(), name="api-incident-merge"),
    path("incidents/<int:pk>/", views.IncidentDetailView.as_view(), name="api-incident-detail"),
    path("incidents/<int:pk>/history/", views.IncidentHistoryView.as_view(), name="api-incident-history"),
    path("incidents/<int:pk>/status/", views.IncidentStatusView.as_view(), name="api-incident-status"),
    path("sources/<int:pk>/split/", views.SourceSplitView.as_view(), name="api-source-split"),
    path("aggregates/", views.AggregatesView.as_view(), name="api-aggregates"),
    path("statistics/", views.StatisticListView.as_view(), name="api-statistics"),
    path("places/", views.PlaceSearchView.as_view(), name="api-places"),
    path("actors/", views.ActorListView.as_view(), name="api-actors"),
    path("tiles/<int:z>/<int:x>/<int:y>.mvt", views.TileView.as_view(), name="api-tile"),
    path("auth/token/", views.TokenView.as_view(), name="api-token"),
    path("auth/token/mine/", views.MyTokenView.as_view(), name="api-token-mine"),
    path("auth/token/rotate/", views.RotateTokenView.as_view(), name="api-token-rotate"),
    path("schema/", views.SchemaView.as_view(), name="api-schema"),
    path("docs/", views.SwaggerView.as_view(), name="api-docs"),
]
