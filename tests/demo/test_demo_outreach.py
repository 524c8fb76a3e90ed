"""The demo shows trade fairs and news to the matching demo users."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from ocop.accounts.models import User
from ocop.outreach.models import Fair, FairStatus, Participation, Post, PostStatus
from ocop.outreach.selectors import posts_to_review, public_participants

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("demo-data", "--no-reference", verbosity=0)


def test_the_demo_has_two_fairs_and_three_posts_and_loads_twice_the_same(demo):
    counts = (Fair.objects.count(), Participation.objects.count(), Post.objects.count())
    call_command("demo-data", "--no-reference", verbosity=0)
    assert (Fair.objects.count(), Participation.objects.count(), Post.objects.count()) == counts
    assert counts == (2, 5, 3)
    past = Fair.objects.get(status=FairStatus.REPORTED)
    assert all(e.sales_vnd for e in public_participants(past))
    assert Fair.objects.get(status=FairStatus.OPEN).starts_on > past.ends_on
    assert sorted(Post.objects.values_list("status", flat=True)) == sorted(PostStatus.values[:3])
    assert all(post.cover for post in Post.objects.all())


def test_demo_users_see_the_fairs_and_the_post_to_review(client, demo):
    province = User.objects.get(username="demo-province")
    assert [p.status for p in posts_to_review(province)] == [PostStatus.SUBMITTED]
    client.force_login(province)
    page = client.get(reverse("outreach:post_manage_list")).content.decode()
    assert "Lớp tập huấn ghi chép sổ sách" in page
    client.logout()
    assert "Hội chợ OCOP và làng nghề" in client.get(reverse("outreach:fair_list")).content.decode()
    news = client.get(reverse("outreach:post_list")).content.decode()
    assert "Hàng Trạm giữ nghề" in news and "Chuẩn bị gian hàng" not in news
