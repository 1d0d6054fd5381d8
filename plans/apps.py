from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("Plans")

    def ready(self) -> None:
        # Register what the packages contribute at start-up: the completeness checks of steps
        # 1–4 and the Celery tasks (services queue them by name, so that no service imports
        # the task module that imports it).
        from plans import tasks  # noqa: F401
        from plans.content import checks  # noqa: F401

        # isort: split
        # Step 4's checks after those of steps 1–3, so that findings come in step order.
        from plans.alignment import checks as alignment_checks  # noqa: F401

        # The yearly evaluation: the board statement of a year follows the evaluation before it (R11).
        from plans.approval.statements import register_statement_check
        from plans.evaluation.services import statement_check

        register_statement_check(statement_check)

        # The closed evaluations join the plan's JSON format and frozen snapshot (optional section).
        from plans.evaluation.interchange import SECTION as EVALUATIONS
        from plans.interchange.format import register_section

        register_section(EVALUATIONS)

        # After every migrate: triggers on every append-only table and the app role's grants
        # (plans.protection), so that a new evidence model is protected by declaring itself.
        # isort: split
        from plans import protection

        post_migrate.connect(protection.after_migrate, sender=self, dispatch_uid="plans.protection")
