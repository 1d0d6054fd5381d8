"""``manage.py create_organisation "Name" author@example.nl --first-name … --last-name …``

The command-line twin of the operator's page (/beheer/organisatie-starten/): the same service,
so the author is invited by the same e-mail (through the Celery queue when a broker is set).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.utils import translation

from soplan.errors import DomainError
from stakeholders import onboarding
from stakeholders.models import Sector


class Command(BaseCommand):
    help = "Start an organisation and invite its first L&D author by e-mail."

    def add_arguments(self, parser) -> None:
        parser.add_argument("name")
        parser.add_argument("email", help="e-mail address of the first L&D author")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument("--slug", default="", help="short name in URLs (derived from the name if empty)")
        parser.add_argument("--sector", default=Sector.VVT, choices=Sector.values)

    def handle(self, *args, **options) -> None:
        try:
            validate_email(options["email"])
        except Exception as exc:
            raise CommandError(f"not an e-mail address: {options['email']}") from exc
        with translation.override("nl"):
            try:
                organisation = onboarding.organisation_start(
                    actor=None,
                    name=options["name"],
                    email=options["email"],
                    first_name=options["first_name"],
                    last_name=options["last_name"],
                    slug=options["slug"],
                    sector=options["sector"],
                )
            except DomainError as exc:
                raise CommandError(exc.message) from exc
            except ValidationError as exc:
                raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(f"{organisation.name} ({organisation.slug}): invitation sent to {options['email']}")
