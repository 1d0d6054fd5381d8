from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StakeholdersConfig(AppConfig):
    name = "stakeholders"
    verbose_name = _("Organisations and people")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from stakeholders import second_factor, tasks  # noqa: F401 - tasks registers the Celery task that services queue by name

        user_logged_in.connect(second_factor.mark_sign_in, dispatch_uid="soplan_second_factor_sign_in")
