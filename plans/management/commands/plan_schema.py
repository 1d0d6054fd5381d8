import json

from django.core.management.base import BaseCommand

from plans.interchange.format import schema


class Command(BaseCommand):
    help = "Print the JSON Schema of the plan interchange format (kept in docs/plan.schema.json)."

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", help="File to write; standard output when left out.")

    def handle(self, *args, output: str | None = None, **options):
        text = json.dumps(schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
        else:
            self.stdout.write(text, ending="")
