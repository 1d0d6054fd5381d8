from django.contrib import admin

from .freshness import MarksChangesAdmin
from .models import (
    AuditEvent,
    Body,
    BodyMember,
    FunctionGroup,
    Membership,
    Organisation,
    Region,
    RegionalCoordinator,
    Unit,
    UserProfile,
)


class UnitInline(admin.TabularInline):
    model = Unit
    extra = 0
    fields = ["code", "name", "parent", "fte"]


class FunctionGroupInline(admin.TabularInline):
    model = FunctionGroup
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(MarksChangesAdmin):
    list_display = ["name", "sector", "has_var", "has_client_council", "zorgkantoor"]
    list_filter = ["sector", "has_var", "has_client_council"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [UnitInline, FunctionGroupInline]


@admin.register(Unit)
class UnitAdmin(MarksChangesAdmin):
    list_display = ["name", "code", "organisation", "parent", "fte", "is_care_staff"]
    list_filter = ["organisation", "is_care_staff"]
    search_fields = ["name", "code"]


@admin.register(FunctionGroup)
class FunctionGroupAdmin(MarksChangesAdmin):
    list_display = ["name", "code", "organisation", "qualification_level", "is_care_staff"]
    list_filter = ["organisation", "qualification_level"]


@admin.register(Membership)
class MembershipAdmin(MarksChangesAdmin):
    list_display = ["user", "organisation", "role"]
    list_filter = ["organisation", "role"]
    search_fields = ["user__email", "user__last_name"]
    filter_horizontal = ["units"]


class BodyMemberInline(admin.TabularInline):
    model = BodyMember
    extra = 0


@admin.register(Body)
class BodyAdmin(MarksChangesAdmin):
    list_display = ["name", "kind", "organisation"]
    list_filter = ["organisation", "kind"]
    inlines = [BodyMemberInline]


@admin.register(UserProfile)
class UserProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "language"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """History is evidence: readable in the admin, never editable."""

    list_display = ["created_at", "organisation", "actor_name", "action", "object_type", "object_repr"]
    list_filter = ["organisation", "action", "object_type"]
    search_fields = ["object_repr", "actor_name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["organisations"]


@admin.register(RegionalCoordinator)
class RegionalCoordinatorAdmin(admin.ModelAdmin):
    list_display = ["region", "user"]
    raw_id_fields = ["user"]
