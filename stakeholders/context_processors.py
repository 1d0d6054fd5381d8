from django.utils.functional import SimpleLazyObject

from .access import menu_organisations


def current_organisation(request):
    """The organisations the user belongs to, for the navigation (read from the user's roles)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"user_organisations": []}
    return {"user_organisations": SimpleLazyObject(lambda: menu_organisations(user))}
