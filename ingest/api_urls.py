from django.urls import path

from . import api

urlpatterns = [
    path("articles/", api.ArticleListView.as_view(), name="api-articles"),
    path("articles/fetch/", api.ArticleFetchView.as_view(), name="api-articles-fetch"),
    path("articles/<int:pk>/", api.ArticleDetailView.as_view(), name="api-article"),
    path("feeds/", api.FeedListView.as_view(), name="api-feeds"),
]
