from django.utils.functional import SimpleLazyObject

from .access import organisations_of


def current_organisation(request):
    """The organisations the user belongs to, for the navigation (queried only when shown)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"user_organisations": []}
    return {"user_organisations": SimpleLazyObject(lambda: list(organisations_of(user)))}
