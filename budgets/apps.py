from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetsConfig(AppConfig):
    name = "budgets"
    verbose_name = _("Budgets")

    def ready(self) -> None:
        # Step 5 joins the completeness check, the JSON format / frozen snapshot of the plan and
        # the comparison of versions that the councils read.
        from plans.approval.diff import register_comparer
        from plans.interchange.format import register_section
        from plans.regional.selectors import register_realised_spending

        from . import checks  # noqa: F401 - registers the checks
        from .diff import compare_budget
        from .interchange import SECTION
        from .regional import realised_by_source

        register_section(SECTION)
        register_comparer(SECTION.name, compare_budget)
        register_realised_spending(realised_by_source)  # the regional dashboard's realised figures
