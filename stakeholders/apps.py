from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StakeholdersConfig(AppConfig):
    name = "stakeholders"
    verbose_name = _("Organisations and people")

    def ready(self) -> None:
        from stakeholders import tasks  # noqa: F401 - registers the Celery task that services queue by name
