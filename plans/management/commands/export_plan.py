from django.core.management.base import BaseCommand, CommandError

from plans.content.models import Plan
from plans.interchange.format import pretty
from plans.interchange.services import export_plan


class Command(BaseCommand):
    help = "Write a plan as JSON (the format of docs/plan.schema.json)."

    def add_arguments(self, parser):
        parser.add_argument("plan_id", type=int)
        parser.add_argument("-o", "--output", help="File to write; standard output when left out.")

    def handle(self, *args, plan_id: int, output: str | None = None, **options):
        plan = Plan.objects.select_related("organisation").filter(pk=plan_id).first()
        if plan is None:
            raise CommandError(f"No plan with id {plan_id}.")
        text = pretty(export_plan(plan))
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
            self.stderr.write(f"Wrote plan {plan_id} to {output}.")
        else:
            self.stdout.write(text, ending="")
