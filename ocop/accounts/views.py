from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def me(request):
    roles = request.user.roles.filter(active=True).select_related("unit", "producer")
    return render(request, "accounts/me.html", {"roles": roles})
