import datetime

import pytest
from django.core.management import call_command
from django.db import IntegrityError  # noqa: F401

from ocop.certificates import keyring, services, signing
from ocop.certificates.models import CertificateStatus, DecisionLevel, RevocationGround
from ocop.core.exceptions import DomainError, PermissionDeniedError
from ocop.evaluation import services as ev_services
from ocop.registry.models import DossierKind, DossierStatus, ProductStatus
from tests import factories as f
from tests.evaluation import factories as ef

D = datetime.date
DECIDED = D(2026, 12, 20)


def finalised(ev, product, totals, **dossier):
    enrolment = ev_services.enrolment_add(
        actor=ev.manager, round_=ev.round, dossier=ef.dossier_for(product, **dossier)
    )
    ef.score_all(ev, enrolment, totals)
    result = ev_services.result_compute(actor=ev.manager, enrolment=enrolment)
    return ev_services.result_finalise(actor=ev.chair.user, result=result)


def issue(ev, units, results, *, number="123/QĐ-UBND", day=DECIDED, level="province"):
    return services.decision_issue(
        actor=ev.manager,
        number=number,
        date=day,
        signer="Nguyễn Văn A",
        level=level,
        unit=units.phu_tho if level != DecisionLevel.CENTRAL else None,
        round=ev.round,
        results=results,
    )


@pytest.mark.parametrize(
    ("issued", "expires"),
    [
        (D(2026, 12, 20), D(2029, 12, 20)),
        (D(2024, 2, 29), D(2027, 2, 28)),
        (D(2025, 8, 31), D(2028, 8, 31)),
        (D(2023, 10, 31), D(2026, 10, 31)),
    ],
)
def test_expiry_is_36_months_later_clamped_to_month_end(issued, expires):
    assert services.expiry_for(issued) == expires


def test_add_months_clamps_short_months():
    assert services.add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert services.add_months(D(2027, 12, 15), 3) == D(2028, 3, 15)


def test_a_four_star_result_gets_a_signed_certificate(ev, units, spirit):
    result = finalised(ev, spirit, [80, 80, 80])
    decision = issue(ev, units, [result])
    cert = decision.certificates.get()
    assert cert.stars == 4
    assert cert.code.startswith("OCOP-")
    assert cert.expires_on == D(2029, 12, 20)
    assert signing.verify(cert)
    cert.stars = 5
    assert not signing.verify(cert)
    spirit.refresh_from_db()
    assert (spirit.status, spirit.stars) == (ProductStatus.RECOGNISED, 4)


def test_one_and_two_stars_never_get_a_certificate(ev, units, spirit):
    result = finalised(ev, spirit, [45, 45, 45])
    assert result.stars == 2
    with pytest.raises(DomainError, match="only 3 stars"):
        issue(ev, units, [result])
    from ocop.certificates.models import RecognitionDecision

    assert not RecognitionDecision.objects.exists()


def test_five_stars_are_recognised_only_at_the_central_level(ev, units, spirit, personas):
    result = finalised(ev, spirit, [95, 95, 95])
    assert result.stars == 5
    with pytest.raises(DomainError, match="not recognised at"):
        issue(ev, units, [result])
    with pytest.raises(PermissionDeniedError):
        issue(ev, units, [result], level=DecisionLevel.CENTRAL)  # a provincial officer
    decision = services.decision_issue(
        actor=personas.central,
        number="9/QĐ-BNN",
        date=D(2026, 12, 20),
        signer="Bộ trưởng",
        level=DecisionLevel.CENTRAL,
        results=[result],
    )
    assert decision.certificates.get().stars == 5


def test_upgrade_supersedes_the_previous_certificate(ev, units, spirit):
    first = finalised(ev, spirit, [60, 60, 60])
    old = issue(ev, units, [first]).certificates.get()
    upgrade = finalised(
        ev,
        spirit,
        [80, 80, 80],
        kind=DossierKind.UPGRADE,
        status=DossierStatus.SUBMITTED,
        previous=old,
    )
    new = issue(ev, units, [upgrade], number="200/QĐ-UBND").certificates.get()
    old.refresh_from_db()
    assert old.status_on(D(2027, 1, 1)) == CertificateStatus.SUPERSEDED
    assert new.previous == old and new.kind == "upgrade" and new.stars == 4


def test_reevaluation_window_is_180_to_120_days_before_expiry(ev, units, spirit):
    cert = issue(ev, units, [finalised(ev, spirit, [60, 60, 60])]).certificates.get()
    opens, closes = services.reevaluation_window(cert)
    assert (cert.expires_on - opens).days == 180
    assert (cert.expires_on - closes).days == 120
    services.reevaluation_filing_check(certificate=cert, filed_on=opens)
    services.reevaluation_filing_check(certificate=cert, filed_on=closes)
    for day in (opens - datetime.timedelta(days=1), closes + datetime.timedelta(days=1)):
        with pytest.raises(DomainError, match="may be filed from"):
            services.reevaluation_filing_check(certificate=cert, filed_on=day)


def test_revocation_needs_the_authority_of_the_star_level(ev, units, spirit, personas):
    cert = issue(ev, units, [finalised(ev, spirit, [80, 80, 80])]).certificates.get()
    with pytest.raises(PermissionDeniedError, match="province"):
        services.certificate_revoke(
            actor=personas.central,
            certificate=cert,
            ground=RevocationGround.MARK_MISUSE,
            authority="Bộ",
            decision_no="1",
        )
    with pytest.raises(PermissionDeniedError):
        services.certificate_revoke(
            actor=personas.commune,
            certificate=cert,
            ground=RevocationGround.MARK_MISUSE,
            authority="Xã",
            decision_no="1",
        )
    with pytest.raises(DomainError, match="grounds"):
        services.certificate_revoke(
            actor=personas.province,
            certificate=cert,
            ground="whim",
            authority="UBND",
            decision_no="1",
        )
    services.certificate_revoke(
        actor=personas.province,
        certificate=cert,
        ground=RevocationGround.PRODUCTION_STOPPED,
        authority="UBND tỉnh Phú Thọ",
        decision_no="55/QĐ-UBND",
    )
    cert.refresh_from_db()
    assert cert.status == CertificateStatus.REVOKED
    spirit.refresh_from_db()
    assert spirit.status == ProductStatus.REVOKED


def test_five_star_revocation_is_central(ev, units, spirit, personas):
    result = finalised(ev, spirit, [95, 95, 95])
    cert = services.decision_issue(
        actor=personas.central,
        number="9/QĐ-BNN",
        date=D(2026, 12, 20),
        signer="Bộ trưởng",
        level=DecisionLevel.CENTRAL,
        results=[result],
    ).certificates.get()
    with pytest.raises(PermissionDeniedError, match="central"):
        services.certificate_revoke(
            actor=personas.province,
            certificate=cert,
            ground=RevocationGround.UNTRUTHFUL,
            authority="UBND",
            decision_no="1",
        )
    services.certificate_revoke(
        actor=personas.central,
        certificate=cert,
        ground=RevocationGround.UNTRUTHFUL,
        authority="Bộ Nông nghiệp và Môi trường",
        decision_no="2/QĐ-BNN",
    )


def test_expire_command_moves_products_with_expired_certificates(ev, units, spirit):
    cert = issue(ev, units, [finalised(ev, spirit, [80, 80, 80])]).certificates.get()
    call_command("certificates", "expire", "--on", cert.expires_on.isoformat())
    spirit.refresh_from_db()
    assert spirit.status == ProductStatus.RECOGNISED  # still valid on its last day
    call_command(
        "certificates", "expire", "--on", (cert.expires_on + datetime.timedelta(days=1)).isoformat()
    )
    spirit.refresh_from_db()
    assert spirit.status == ProductStatus.EXPIRED
    assert cert.status_on(cert.expires_on + datetime.timedelta(days=1)) == CertificateStatus.EXPIRED


def test_signing_key_is_generated_into_the_data_dir_when_unset(monkeypatch, settings, tmp_path):
    monkeypatch.delenv("OCOP_SIGNING_KEY")
    settings.DATA_DIR = tmp_path
    key = signing.signing_key()
    path = tmp_path / "keys" / "certificate-signing.key"
    assert path.exists() and (path.stat().st_mode & 0o777) == 0o600
    keyring._cache.clear()
    assert (
        signing.signing_key().public_key().public_bytes_raw() == key.public_key().public_bytes_raw()
    )


def test_decision_refused_for_a_user_without_the_capability(ev, units, spirit, personas):
    result = finalised(ev, spirit, [80, 80, 80])
    with pytest.raises(PermissionDeniedError):
        services.decision_issue(
            actor=personas.department,
            number="1",
            date=D(2026, 12, 20),
            signer="x",
            level="province",
            unit=units.phu_tho,
            results=[result],
        )
    assert f.ProductFactory  # the factories module stays importable for other tests


def test_a_pre_2025_province_cannot_issue_a_2026_decision(ev, units, spirit):
    result = finalised(ev, spirit, [80, 80, 80])
    with pytest.raises(DomainError, match="not in force") as refused:
        services.decision_issue(
            actor=ev.manager,
            number="7/QĐ-UBND",
            date=DECIDED,
            signer="Nguyễn Văn A",
            level=DecisionLevel.PROVINCE,
            unit=units.hoa_binh,
            round=ev.round,
            results=[result],
        )
    assert refused.value.field == "unit"
    from ocop.certificates.models import RecognitionDecision

    assert not RecognitionDecision.objects.exists()
