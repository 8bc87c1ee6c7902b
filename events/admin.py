from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from leaflet.admin import LeafletGeoAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import Actor, Incident, IncidentSource, Place, Statistic


class IncidentSourceInline(admin.TabularInline):
    model = IncidentSource
    extra = 0
    fields = ("article", "evidence", "claimed_arrested", "claimed_killed", "claimed_injured", "claimed_date")
    readonly_fields = fields
    can_delete = False


@admin.register(Incident)
class IncidentAdmin(SimpleHistoryAdmin, LeafletGeoAdmin):
    list_display = (
        "id",
        "type",
        "date_start",
        "place_name",
        "governorate",
        "killed",
        "arrested",
        "status",
        "confidence",
    )
    list_filter = ("type", "status", "governorate", "needs_review")
    search_fields = ("place_name", "summary_en", "summary_ar")
    date_hierarchy = "date_start"
    inlines = [IncidentSourceInline]
    readonly_fields = ("version", "created_at", "updated_at")


@admin.register(Place)
class PlaceAdmin(LeafletGeoAdmin):
    list_display = ("name_ar", "name_en", "feature_kind", "governorate", "country", "source")
    list_filter = ("source", "country", "feature_kind")
    search_fields = ("name_ar", "name_en", "search_text")


@admin.register(Actor)
class ActorAdmin(admin.ModelAdmin):
    list_display = ("slug", "name_en", "name_ar")


@admin.register(Statistic)
class StatisticAdmin(admin.ModelAdmin):
    list_display = (
        "reporter",
        "region",
        "period_start",
        "period_end",
        "operations",
        "killed",
        "arrested",
        "attacks",
    )


class RoleAdminUserAdmin(UserAdmin):
    """Admins (the role) manage users, but only superusers grant superuser status or raw permissions."""

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if request.user.is_superuser:
            return fields
        return (*fields, "is_superuser", "user_permissions")

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False  # an admin cannot edit (or take over) a superuser account
        return super().has_change_permission(request, obj)

    has_delete_permission = has_change_permission


User = get_user_model()
admin.site.unregister(User)
admin.site.register(User, RoleAdminUserAdmin)
