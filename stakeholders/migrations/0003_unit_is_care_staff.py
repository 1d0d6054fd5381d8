from django.db import migrations, models


class Migration(migrations.Migration):
    """R5/R20: a unit says whether it has care staff; existing units keep counting (default True)."""

    dependencies = [
        ("stakeholders", "0002_auditevent_history_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="unit",
            name="is_care_staff",
            field=models.BooleanField(
                default=True,
                help_text="Untick for a staff or support department: its formation does not count (R5, R20).",
                verbose_name="care staff",
            ),
        ),
    ]
