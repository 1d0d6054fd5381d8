"""Reference data in the admin: the site administrator maintains funding sources and schemes.

Plan data (estimates, year plan) is edited in the plan editor through the services, not here.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from stakeholders.freshness import MarksChangesAdmin

from .models import FundingScheme, FundingSchemeYear, FundingSource


@admin.register(FundingSource)
class FundingSourceAdmin(MarksChangesAdmin):
    list_display = [
        "name", "code", "position", "is_subsidy", "counts_towards_wage_bill_norm", "excludes_big_training",
        "max_share_percent", "own_share_not_from_subsidy", "requires_client_council_consent", "is_active",
    ]
    list_editable = ["position", "is_active"]
    search_fields = ["name", "code"]
    fieldsets = [
        (None, {"fields": ["code", "name", "description", "position", "is_active"]}),
        (
            _("Rules"),
            {
                "fields": [
                    "is_subsidy", "counts_towards_wage_bill_norm", "excludes_big_training", "max_share_percent",
                    "own_share_not_from_subsidy", "requires_client_council_consent",
                    "available_from", "available_until",
                ]
            },
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        # Exported plans and frozen versions name sources by code: keep it stable.
        return ["code"] if obj is not None else []

    def has_delete_permission(self, request, obj=None):
        return False  # plans refer to sources; retire one with "offered in the year plan"


class FundingSchemeYearInline(admin.TabularInline):
    model = FundingSchemeYear
    extra = 1
    fields = [
        "year", "tariff_percentage", "training_share", "day_activities_share", "national_envelope",
        "is_provisional", "note",
    ]


@admin.register(FundingScheme)
class FundingSchemeAdmin(MarksChangesAdmin):
    list_display = ["name", "code", "source", "split_tolerance", "structural_envelope"]
    inlines = [FundingSchemeYearInline]
    fields = ["code", "name", "source", "basis", "split_tolerance", "structural_envelope", "description"]

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj is not None else []

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.base_fields["description"].help_text = _(
            "For years after the latest year below, the values of that latest year apply (for example "
            "2020 for a plan year 2027). Add a year to set new values from that year on."
        )
        return form
