from django.conf import settings


def site(request):
    return {"OCOP_DEMO": settings.DEMO, "SITE_URL": settings.SITE_URL}
