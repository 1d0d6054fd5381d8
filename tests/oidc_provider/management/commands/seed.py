import json

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from oauth2_provider.models import Application


class Command(BaseCommand):
    help = "One confidential client (RS256, no consent screen) and the provider's people."

    def add_arguments(self, parser):
        parser.add_argument("--client-id", required=True)
        parser.add_argument("--client-secret", required=True)
        parser.add_argument("--redirect-uri", action="append", required=True)
        parser.add_argument("--people", required=True, help='JSON: [{"email", "password", "last_name"}]')

    def handle(self, *args, client_id, client_secret, redirect_uri, people, **options):
        Application.objects.create(
            name="soplan",
            client_id=client_id,
            client_secret=client_secret,
            client_type=Application.CLIENT_CONFIDENTIAL,
            authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
            redirect_uris=" ".join(redirect_uri),
            algorithm=Application.RS256_ALGORITHM,
            skip_authorization=True,
        )
        for person in json.loads(people):
            get_user_model().objects.create_user(
                username=person["email"].lower(), email=person["email"], password=person["password"],
                last_name=person.get("last_name", ""),
            )
