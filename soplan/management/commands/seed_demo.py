from django.core.management.base import BaseCommand

from soplan.demo import seed


class Command(BaseCommand):
    help = "Load the demo organisation with a user per role and its plan (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="Do not print the demo logins.")

    def handle(self, *args, quiet: bool = False, **options):
        from django.conf import settings

        logins = seed()
        if quiet:
            return
        self.stdout.write(self.style.SUCCESS("Demo data ready. Log in at http://127.0.0.1:8000/ with:"))
        width = max(len(role) for role in logins)
        for role, email in logins.items():
            self.stdout.write(f"  {role.replace('_', ' '):<{width}}  {email}")
        self.stdout.write(f"  password for all: {settings.SOPLAN_DEMO_PASSWORD}")
