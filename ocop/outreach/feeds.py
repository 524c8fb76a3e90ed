"""The Atom feed of published news, with absolute addresses built from ``OCOP_SITE_URL``
(never from the request's Host header)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from ocop.geo.display import unit_name
from ocop.outreach import selectors

FEED_ITEMS = 30


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


class NewsFeed(Feed):
    feed_type = Atom1Feed
    title = _("OCOP news from the units")
    subtitle = _("News published by the OCOP offices of the provinces and communes.")

    def link(self):
        return absolute(reverse("outreach:post_list"))

    def feed_url(self):
        return absolute(reverse("outreach:post_feed"))

    def items(self):
        return selectors.public_posts().order_by("-published_at")[:FEED_ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return absolute(reverse("outreach:post_detail", args=[item.slug]))

    def item_guid(self, item):
        return f"urn:ocop:post:{item.public_code}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.published_at

    def item_author_name(self, item):
        return unit_name(item.author_unit) or str(_("Central OCOP office"))

    def item_categories(self, item):
        return [item.get_category_display()]
