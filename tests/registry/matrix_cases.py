"""Permission-matrix cases for the registry pages under /quan-ly/."""

from django.core.files.base import ContentFile

from ocop.accounts.models import User
from ocop.registry.models import Dossier, ProductPhoto
from tests import factories as f
from tests.matrix import LOGIN, Case
from tests.registry.factories import PNG, make_document

READ = {"anonymous": LOGIN, "council": 404}
# A form that needs can_manage_registry on a record of w.producer
MANAGE = {**READ, "central": 403}
# A POST that succeeds (or is refused with a message) redirects back to the record
MANAGE_POST = {**MANAGE}
SUBMIT_POST = {
    **READ,
    **dict.fromkeys(["central", "province", "department", "district", "commune"], 403),
}
# Moving a record to another commune: officers only, never the producer itself
RELOCATE = {**MANAGE, "producer": 403}
REVIEW = {**READ, "central": 403, "department": 403, "producer": 403}
LISTS = {"anonymous": LOGIN}
OTHER_DISTRICT = {**READ, "district": 404, "commune": 404, "producer": 404}
OTHER_PROVINCE = {
    **READ,
    **dict.fromkeys(["province", "department", "district", "commune", "producer"], 404),
}


def extend_world(w):
    admin = User.objects.get(username="p-admin")
    w.document = make_document(admin, w.producer)
    w.other_document = make_document(admin, w.other_producer, title="Phiếu kiểm nghiệm")
    # plain rows: the services are tested on their own, this world only needs the states
    w.dossier = Dossier.objects.create(product=w.product, kind="first")
    w.dossier.documents.add(w.document)
    w.submitted_product = f.ProductFactory(
        producer=w.producer, product_set=w.product_set, status="submitted"
    )
    w.submitted_dossier = Dossier.objects.create(
        product=w.submitted_product, kind="first", status="submitted"
    )
    w.private_photo = ProductPhoto(product=w.product, is_public=False)
    w.private_photo.image.save("xuong.png", ContentFile(PNG))
    other_set = f.ProductSetFactory(number=16, slug="duoc-lieu", name_vi="Dược liệu")
    w.set16_product = f.ProductFactory(producer=w.producer, product_set=other_set)


def _p(attr):
    return lambda w: {"code": getattr(w, attr).public_code}


CASES = [
    # producers
    Case("registry:producer_list", expect=LISTS),
    Case(
        "registry:producer_create",
        expect={**LISTS, "central": 403, "council": 403, "producer": 403},
    ),
    Case("registry:producer_detail", expect=READ, kwargs=_p("producer")),
    Case("registry:producer_relocate", expect=RELOCATE, kwargs=_p("producer")),
    Case(
        "registry:producer_detail",
        id="registry:producer_detail(other district)",
        expect={**OTHER_DISTRICT},
        kwargs=_p("other_producer"),
    ),
    Case(
        "registry:producer_detail",
        id="registry:producer_detail(other province)",
        expect=OTHER_PROVINCE,
        kwargs=_p("foreign_producer"),
    ),
    Case("registry:producer_edit", expect=MANAGE, kwargs=_p("producer")),
    Case(
        "registry:producer_edit",
        id="registry:producer_edit(other district)",
        expect={**OTHER_DISTRICT, "central": 403},
        kwargs=_p("other_producer"),
    ),
    Case(
        "registry:producer_archive",
        method="post",
        default=302,
        expect={"council": 404, "central": 403},
        kwargs=_p("producer"),
    ),
    Case("registry:product_create", expect=MANAGE, kwargs=_p("producer")),
    Case("registry:document_upload", expect=MANAGE, kwargs=_p("producer")),
    # products
    Case("registry:product_list", expect=LISTS),
    Case("registry:product_detail", expect=READ, kwargs=_p("product")),
    Case(
        "registry:product_detail",
        id="registry:product_detail(other district)",
        expect=OTHER_DISTRICT,
        kwargs=_p("other_product"),
    ),
    Case(
        "registry:product_detail",
        id="registry:product_detail(other province)",
        expect=OTHER_PROVINCE,
        kwargs=_p("foreign_product"),
    ),
    Case("registry:product_edit", expect=MANAGE, kwargs=_p("product")),
    Case("registry:product_relocate", expect=RELOCATE, kwargs=_p("product")),
    Case(
        "registry:product_relocate",
        id="registry:product_relocate(other district)",
        expect={**RELOCATE, "district": 404, "commune": 404, "producer": 404},
        kwargs=_p("other_product"),
    ),
    Case(
        "registry:product_edit",
        id="registry:product_edit(set outside the department)",
        expect={**MANAGE, "department": 403},
        kwargs=_p("set16_product"),
    ),
    Case(
        "registry:product_archive",
        method="post",
        default=302,
        expect={"council": 404, "central": 403},
        kwargs=_p("product"),
    ),
    Case(
        "registry:product_archive",
        id="registry:product_archive(set outside the department)",
        method="post",
        default=302,
        expect={"council": 404, "central": 403, "department": 403},
        kwargs=_p("set16_product"),
    ),
    Case(
        "registry:product_submit",
        method="post",
        default=302,
        expect=SUBMIT_POST,
        kwargs=_p("product"),
    ),
    Case("registry:dossier_create", expect=MANAGE, kwargs=_p("product")),
    Case("registry:product_photo_add", expect=MANAGE, kwargs=_p("product")),
    Case(
        "registry:product_photo_add",
        id="registry:product_photo_add(set outside the department)",
        expect={**MANAGE, "department": 403},
        kwargs=_p("set16_product"),
    ),
    Case(
        "registry:product_photo",
        expect=READ,
        kwargs=lambda w: {"code": w.product.public_code, "photo": w.private_photo.pk},
    ),
    # documents
    Case("registry:document_list", expect=LISTS),
    Case("registry:document_detail", expect=READ, kwargs=_p("document")),
    Case(
        "registry:document_detail",
        id="registry:document_detail(other district)",
        expect=OTHER_DISTRICT,
        kwargs=_p("other_document"),
    ),
    Case("registry:document_download", expect=READ, kwargs=_p("document")),
    Case(
        "registry:document_download",
        id="registry:document_download(other district)",
        expect=OTHER_DISTRICT,
        kwargs=_p("other_document"),
    ),
    Case(
        "registry:document_archive",
        method="post",
        default=302,
        expect={"council": 404, "central": 403},
        kwargs=_p("document"),
    ),
    # dossiers
    Case("registry:dossier_list", expect=LISTS),
    Case("registry:dossier_detail", expect=READ, kwargs=_p("dossier")),
    Case("registry:dossier_attach", expect=MANAGE, kwargs=_p("dossier")),
    Case("registry:dossier_upload", expect=MANAGE, kwargs=_p("dossier")),
    Case(
        "registry:dossier_detach",
        method="post",
        default=302,
        expect={"council": 404, "central": 403},
        kwargs=lambda w: {"code": w.dossier.public_code, "document": w.document.public_code},
    ),
    Case(
        "registry:dossier_submit",
        method="post",
        default=302,
        expect=SUBMIT_POST,
        kwargs=_p("dossier"),
    ),
    Case("registry:dossier_review", expect=REVIEW, kwargs=_p("submitted_dossier")),
]
