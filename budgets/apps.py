from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetsConfig(AppConfig):
    name = "budgets"
    verbose_name = _("Budgets")

    def ready(self) -> None:
        # Step 5 joins the completeness check and the JSON format / frozen snapshot of the plan.
        from plans.interchange.format import register_section

        from . import checks  # noqa: F401 - registers the checks
        from .interchange import SECTION

        register_section(SECTION)
