"""Business actions on producers, products, documents and dossiers.

Every action takes keyword-only arguments with an explicit ``actor``, checks the actor's
capability and scope (``rights``), runs in one transaction, writes an audit event with the old
and new values, and raises ``DomainError`` (translated, naming the field) on refusal.

- ``producers``: register, correct, relocate, archive a producer (chủ thể);
- ``products``: register, correct, relocate, archive a product; photos; lifecycle moves;
- ``showcase``: the order and visibility of a product's photos; where to buy it;
- ``documents``: evidence documents, stored once per producer;
- ``dossiers``: open, attach, submit, review and move a dossier (hồ sơ).
"""

from ocop.registry.models import PRODUCER_FIELDS, PRODUCT_FIELDS
from ocop.registry.services._common import province_of
from ocop.registry.services.documents import document_archive, document_upload
from ocop.registry.services.dossiers import (
    OPEN_DOSSIER_STATUSES,
    REVIEW_TOPICS,
    dossier_attach,
    dossier_create,
    dossier_detach,
    dossier_move,
    dossier_review,
    dossier_submit,
    product_submit,
)
from ocop.registry.services.producers import (
    producer_archive,
    producer_create,
    producer_relocate,
    producer_update,
)
from ocop.registry.services.products import (
    product_archive,
    product_create,
    product_follow_certificate,
    product_move,
    product_photo_add,
    product_relocate,
    product_update,
)
from ocop.registry.services.showcase import (
    outlet_add,
    outlet_hide,
    outlet_move,
    outlet_remove,
    product_photo_move,
    product_photo_publish,
    product_photo_remove,
)

__all__ = [
    "OPEN_DOSSIER_STATUSES",
    "PRODUCER_FIELDS",
    "PRODUCT_FIELDS",
    "REVIEW_TOPICS",
    "document_archive",
    "document_upload",
    "dossier_attach",
    "outlet_add",
    "outlet_hide",
    "outlet_move",
    "outlet_remove",
    "dossier_create",
    "dossier_detach",
    "dossier_move",
    "dossier_review",
    "dossier_submit",
    "producer_archive",
    "producer_create",
    "producer_relocate",
    "producer_update",
    "product_archive",
    "product_create",
    "product_follow_certificate",
    "product_move",
    "product_photo_add",
    "product_photo_move",
    "product_photo_publish",
    "product_photo_remove",
    "product_relocate",
    "product_submit",
    "product_update",
    "province_of",
]
