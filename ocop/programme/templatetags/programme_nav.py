from django import template

from ocop.programme.officers import is_programme_reader

register = template.Library()


@register.simple_tag(takes_context=True)
def programme_reader(context) -> bool:
    """Whether the header shows the programme's entry: officials and the central office, not
    producers, council members or visitors. Read once per request from the user's roles."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return False
    if not hasattr(request, "_ocop_programme_reader"):
        request._ocop_programme_reader = is_programme_reader(request.user)
    return request._ocop_programme_reader
