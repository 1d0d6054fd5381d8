import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from soplan.demo import seed

ROLE_LABELS = {
    "site administrator": "site administrator",
    "author": "L&D author",
    "line_manager": "line manager",
    "board_member": "board member",
    "or_member": "works council (OR)",
    "var_member": "nursing advisory board (VAR)",
    "cr_member": "client council (CR)",
    "viewer": "viewer",
    "regional coordinator": "regional coordinator",
}


class Command(BaseCommand):
    help = "Load the demo organisation with a user per role and its plans (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="Do not print the demo logins.")

    def handle(self, *args, quiet: bool = False, **options):
        if not settings.DEBUG and not os.environ.get("SOPLAN_DEMO_PASSWORD"):
            # Outside a developer's machine the well-known default password would be an open door.
            raise CommandError(
                "SOPLAN_DEMO_PASSWORD: set a password of your own for the demo users before loading "
                "the demo into an installation that runs without DJANGO_DEBUG."
            )
        logins = seed()
        if quiet:
            return
        address = settings.SOPLAN_BASE_URL.rstrip("/") + "/"  # the address e-mail links use too
        self.stdout.write(self.style.SUCCESS(f"Demo data ready. Log in at {address} with:"))
        width = max(len(label) for label in ROLE_LABELS.values())
        for role, email in logins.items():
            self.stdout.write(f"  {ROLE_LABELS.get(role, role):<{width}}  {email}")
        self.stdout.write(f"  {'password for all':<{width}}  {settings.SOPLAN_DEMO_PASSWORD}")
