from django.apps import AppConfig


class SoplanConfig(AppConfig):
    """The project package doubles as an app for shared template tags and commands."""

    name = "soplan"
    verbose_name = "soplan"

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the deployment checks
