from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from plans.interchange.format import InterchangeError
from plans.interchange.services import import_plan, read_document
from stakeholders.models import Organisation


class Command(BaseCommand):
    help = (
        "Create a plan from a JSON file (docs/plan.schema.json). The organisation is taken from "
        "the file (created when new) or named with --organisation; units and function groups are "
        "matched by code. Nothing is written when the file has errors."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--organisation", help="Slug of an existing organisation to import into.")
        parser.add_argument("--user", help="E-mail of the person recorded as author of the changes.")

    def handle(self, *args, file: str, organisation: str | None = None, user: str | None = None, **options):
        try:
            with open(file, "rb") as handle:
                data = handle.read()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}") from exc
        org = None
        if organisation:
            org = Organisation.objects.filter(slug=organisation).first()
            if org is None:
                raise CommandError(f"No organisation with the short name {organisation!r}.")
        actor = None
        if user:
            actor = get_user_model().objects.filter(email__iexact=user).first()
            if actor is None:
                raise CommandError(f"No user with the e-mail address {user!r}.")
        try:
            plan = import_plan(read_document(data), actor=actor, organisation=org)
        except InterchangeError as exc:
            for error in exc.errors:
                self.stderr.write(f"  {error}")
            raise CommandError(f"{file} was not imported: {len(exc.errors)} problem(s), listed above.") from exc
        self.stdout.write(self.style.SUCCESS(f"Imported plan {plan.pk}: {plan} ({plan.organisation})."))
