from django.urls import path

from ocop.outreach.feeds import NewsFeed
from ocop.outreach.views import fairs, posts, public

app_name = "outreach"

urlpatterns = [
    # public
    path("hoi-cho/", public.fair_list, name="fair_list"),
    path("hoi-cho/<str:code>/", public.fair_detail, name="fair_detail"),
    path("tin-tuc/", public.post_list, name="post_list"),
    path("tin-tuc/atom.xml", NewsFeed(), name="post_feed"),
    path("tin-tuc/anh-bia/<str:code>.jpg", public.post_cover, name="post_cover"),
    path("tin-tuc/<slug:slug>/", public.post_detail, name="post_detail"),
    # management of fairs
    path("quan-ly/hoi-cho/", fairs.fair_manage_list, name="fair_manage_list"),
    path("quan-ly/hoi-cho/them/", fairs.fair_create, name="fair_create"),
    path("quan-ly/hoi-cho/<str:code>/", fairs.fair_manage, name="fair_manage"),
    path("quan-ly/hoi-cho/<str:code>/sua/", fairs.fair_edit, name="fair_edit"),
    path("quan-ly/hoi-cho/<str:code>/buoc/<slug:step>/", fairs.fair_step, name="fair_step"),
    path("quan-ly/hoi-cho/<str:code>/huy/", fairs.fair_cancel, name="fair_cancel"),
    path("quan-ly/hoi-cho/<str:code>/tham-gia/", fairs.participation_add, name="participation_add"),
    path(
        "quan-ly/hoi-cho/<str:code>/tham-gia/<int:entry>/bo/",
        fairs.participation_remove,
        name="participation_remove",
    ),
    path(
        "quan-ly/hoi-cho/<str:code>/tham-gia/<int:entry>/ket-qua/",
        fairs.participation_results,
        name="participation_results",
    ),
    # management of news
    path("quan-ly/tin-tuc/", posts.post_manage_list, name="post_manage_list"),
    path("quan-ly/tin-tuc/viet/", posts.post_create, name="post_create"),
    path("quan-ly/tin-tuc/<str:code>/", posts.post_manage, name="post_manage"),
    path("quan-ly/tin-tuc/<str:code>/sua/", posts.post_edit, name="post_edit"),
    path("quan-ly/tin-tuc/<str:code>/gui/", posts.post_submit, name="post_submit"),
    path("quan-ly/tin-tuc/<str:code>/dang/", posts.post_publish, name="post_publish"),
    path("quan-ly/tin-tuc/<str:code>/tra-lai/", posts.post_return, name="post_return"),
    path("quan-ly/tin-tuc/<str:code>/go/", posts.post_withdraw, name="post_withdraw"),
    path("quan-ly/tin-tuc/<str:code>/mo-lai/", posts.post_reopen, name="post_reopen"),
]
