from django import template

from ocop.notifications.selectors import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    """The user's unread count (one query per request, whatever the number of calls)."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return 0
    return unread_count(request)
