"""Seed the funding sources and the extra-middelen scheme from the sources (seed 000, seed 002)."""

from django.db import migrations


def seed(apps, schema_editor):
    from budgets.reference import ensure

    ensure(
        apps.get_model("budgets", "FundingSource"),
        apps.get_model("budgets", "FundingScheme"),
        apps.get_model("budgets", "FundingSchemeYear"),
    )


class Migration(migrations.Migration):
    dependencies = [("budgets", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
