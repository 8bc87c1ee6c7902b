"""Page-number pagination whose ``count`` is exact up to a limit and estimated above it."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from events import selectors


class EstimatingPaginator(Paginator):
    """``count`` from ``selectors.list_count``; pages and ``next`` never depend on it.

    A page reads one row more than it shows, so ``has_next`` is exact even when the count is
    an estimate, and any page number is served while it has rows (an estimate can be low)."""

    @cached_property
    def _counted(self) -> tuple[int, bool]:
        if hasattr(self.object_list, "query"):
            return selectors.list_count(self.object_list)
        return len(self.object_list), False

    @cached_property
    def count(self) -> int:  # type: ignore[override]
        return self._counted[0]

    @property
    def count_is_estimate(self) -> bool:
        return self._counted[1]

    def validate_number(self, number: Any) -> int:
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError) as exc:
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from exc
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        if not self.count_is_estimate and number > self.num_pages:
            raise EmptyPage(self.error_messages["no_results"])
        return number

    def page(self, number: Any) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = list(_page_rows(self.object_list, bottom, self.per_page + 1))
        if not rows and number > 1:
            raise EmptyPage(self.error_messages["no_results"])
        return _Page(rows[: self.per_page], number, self, has_more=len(rows) > self.per_page)


def _page_rows(object_list: Any, offset: int, limit: int) -> Any:
    """The rows ``offset .. offset + limit`` of ``object_list``.

    A plain queryset's page is found by its ids first (``id IN (SELECT id ... LIMIT n)``, one
    query): that inner query can be an index-only scan that tests the filters in the index
    (incident_visible_date_point holds the point), where reading whole rows in order would fetch
    every skipped row from the table (a city bbox skips ~99 rows per match)."""
    query = getattr(object_list, "query", None)
    if query is None or query.annotations or query.distinct or query.combinator or not query.order_by:
        return object_list[offset : offset + limit]
    window = object_list.values("pk")[offset : offset + limit]
    return object_list.filter(pk__in=window)


class _Page(Page):
    def __init__(self, object_list: Any, number: int, paginator: Paginator, *, has_more: bool):
        super().__init__(object_list, number, paginator)
        self.has_more = has_more

    def has_next(self) -> bool:
        return self.has_more


class IncidentPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    django_paginator_class = EstimatingPaginator

    def get_paginated_response(self, data: Any) -> Response:
        paginator = self.page.paginator
        return Response(
            {
                "count": paginator.count,
                "count_is_estimate": paginator.count_is_estimate,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        response = super().get_paginated_response_schema(schema)
        response["required"] = ["count", "count_is_estimate", "results"]
        properties = response["properties"]
        properties["count"]["description"] = (
            f"Number of matching rows: exact up to {selectors.EXACT_COUNT_LIMIT:,}, "
            "PostgreSQL's estimate above (see count_is_estimate)"
        )
        response["properties"] = {
            "count": properties["count"],
            "count_is_estimate": {
                "type": "boolean",
                "description": (
                    "true when `count` is an estimate. `next` is exact either way: "
                    "follow it rather than computing pages from `count`."
                ),
                "example": False,
            },
            **{k: v for k, v in properties.items() if k != "count"},
        }
        return response
