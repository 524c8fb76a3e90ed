"""Every page each persona may open, loaded in Chromium with the Content-Security-Policy on: no
violation, no script error, no request to another host.

The pages are the permission matrix's GET cases that answer 200 for the persona (the same world
of data), plus the public pages outside the matrix. A public page is loaded by the anonymous
visitor and the administrator (the widest signed-in view) rather than by everyone, which keeps
the walk quick. Files are left out: photos are seen inside their pages but not opened alone,
and downloads (PDFs, spreadsheets) start no page.
"""

import pytest
from django.urls import reverse

from tests.factories import PERSONA_NAMES
from tests.test_permission_matrix import CASES
from tests.test_permission_matrix import world as world  # the matrix's world fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC_OUTSIDE_THE_MATRIX = ["api:docs"]
ADMIN_PAGES = ["admin:index", "admin:registry_product_changelist"]
# Photos, opened on their own, show in Chromium's image viewer, which styles them inline; the
# policy (sent with every response) refuses that, which is the viewer, not the site.
IMAGES = {"portal:product_photo", "registry:product_photo"}
IMAGES |= {"outreach:post_cover"}  # a news post's cover


def pages_for(persona: str, w) -> list[str]:
    urls = [
        reverse(case.name, kwargs=case.kwargs(w) if case.kwargs else None)
        for case in CASES
        if case.method == "get" and case.status_for(persona) == 200 and case.name not in IMAGES
    ]
    urls += [reverse(name) for name in PUBLIC_OUTSIDE_THE_MATRIX]
    if persona == "admin":
        urls += [reverse(name) for name in ADMIN_PAGES]
    return list(dict.fromkeys(urls))


def test_every_page_of_every_persona_loads_without_csp_violation_or_script_error(watched, world):
    from playwright.sync_api import Error

    public = set(pages_for("anonymous", world))
    loaded, problems = 0, []
    for persona in PERSONA_NAMES:
        w = watched(getattr(world.personas, persona))
        for url in pages_for(persona, world):
            if persona not in {"anonymous", "admin"} and url in public:
                continue
            try:
                response = w.page.goto(url, wait_until="load")
            except Error as error:
                if "Download is starting" in error.message:
                    continue
                raise
            if response.status != 200 or response.request.redirected_from is not None:
                problems.append(f"{persona} {url}: {response.status} at {response.url}")
            loaded += 1
        problems += [f"{persona} {problem}" for problem in w.problems]
        w.close()
    assert not problems, "\n".join(problems)
    assert loaded > 100
