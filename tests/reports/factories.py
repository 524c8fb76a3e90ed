import datetime

import factory
from factory.django import DjangoModelFactory

from ocop.certificates.models import Certificate, RecognitionDecision, Source


class DecisionFactory(DjangoModelFactory):
    class Meta:
        model = RecognitionDecision
        django_get_or_create = ("number", "year", "unit")

    number = factory.Sequence(lambda n: f"{n}/QĐ-UBND")
    decided_on = datetime.date(2021, 6, 1)
    year = 2021
    level = "province"
    source = Source.IMPORTED


class CertificateFactory(DjangoModelFactory):
    class Meta:
        model = Certificate

    decision = factory.SubFactory(DecisionFactory)
    stars = 3
    issued_on = factory.LazyAttribute(lambda o: o.decision.decided_on)
    expires_on = factory.LazyAttribute(lambda o: o.issued_on + datetime.timedelta(days=3 * 365))
    producer = factory.LazyAttribute(lambda o: o.product.producer)
