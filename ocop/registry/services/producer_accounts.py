"""A producer's account, confirmed from the commune's queue of account requests: the account
is linked to a producer record in the officer's scope, registered first when it is new."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from ocop.accounts import services as accounts
from ocop.accounts.models import AccountRequest, User
from ocop.core.exceptions import DomainError
from ocop.registry.models import Producer
from ocop.registry.services.producers import producer_create


@transaction.atomic
def producer_account_confirm(
    *,
    actor,
    account_request: AccountRequest,
    producer: Producer | None = None,
    legal_form: str = "",
) -> User:
    """Confirm ``account_request`` for ``producer`` (a record in the actor's scope), or, with
    no producer given, register the requested producer in its commune (``legal_form`` needed)
    and confirm for it."""
    if producer is None:
        if not legal_form:
            raise DomainError(
                _("Choose the producer on record, or the legal form of a new one."),
                field="legal_form",
            )
        producer = producer_create(
            actor=actor,
            fields={
                "name": account_request.producer_name,
                "legal_form": legal_form,
                "tax_code": account_request.tax_code,
                "commune": account_request.commune,
                "phone": account_request.phone,
            },
        )
    return accounts.account_request_confirm(
        actor=actor, account_request=account_request, producer=producer
    )
