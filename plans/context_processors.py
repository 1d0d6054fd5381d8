from django.utils.functional import SimpleLazyObject

from plans.notifications.services import unread_count
from stakeholders.models import Region


def notifications(request):
    """The number of unread notifications for the bell in the navigation (queried when shown)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}


def regions(request):
    """The regions the user coordinates, for the navigation (queried when shown)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"coordinated_regions": ()}
    return {"coordinated_regions": SimpleLazyObject(lambda: list(Region.objects.filter(coordinators__user=user).order_by("name")))}
