"""``manage.py migrate``, connected as the owner of the tables when ``DATABASE_OWNER_URL`` is set.

Django's own command, unchanged otherwise. The app role of ``DATABASE_URL`` owns nothing and may
not change the schema; after the migrations ``plans.protection`` (post_migrate) grants it what it
may do, evidence tables SELECT and INSERT only.
"""

from django.core.management.commands.migrate import Command as DjangoMigrate

from soplan.dbroles import as_owner


class Command(DjangoMigrate):
    help = DjangoMigrate.help + " Connects as DATABASE_OWNER_URL when that is set."

    def handle(self, *args, **options):
        with as_owner(options["database"]):
            return super().handle(*args, **options)
