from oauth2_provider.oauth2_validators import OAuth2Validator


class Validator(OAuth2Validator):
    """Claims as Entra ID gives them: the address, and whether the provider vouches for it.
    A person whose last name is "unverified" has an address the provider does not vouch for."""

    def get_additional_claims(self, request):
        user = request.user
        return {
            "email": user.email,
            "email_verified": user.last_name != "unverified",
            "name": user.get_full_name(),
        }
