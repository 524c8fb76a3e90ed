"""A council member reaches what they score through the evaluation pages: the sheet lists the
dossier's documents and streams them; the registry does not open those records to them."""

from django.urls import reverse

from ocop.evaluation import selectors, services
from tests.evaluation import factories as ef


def scored(ev, spirit):
    enrolment = services.enrolment_add(
        actor=ev.manager, round_=ev.round, dossier=ef.dossier_for(spirit)
    )
    member = ev.members[2]
    services.member_assign(actor=ev.manager, enrolment=enrolment, member=member)
    return enrolment, member


def test_member_downloads_a_document_of_the_dossier_they_score(client, ev, spirit):
    enrolment, member = scored(ev, spirit)
    document = ef.document_in(enrolment.dossier)
    client.force_login(member.user)
    sheet_page = client.get(reverse("evaluation:sheet", args=[enrolment.public_code])).text
    url = reverse("evaluation:document", args=[enrolment.public_code, document.public_code])
    assert url in sheet_page
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 ho so"


def test_member_cannot_download_a_document_outside_their_assignment(
    client, ev, spirit, other_producer, set14
):
    from tests import factories as f

    enrolment, member = scored(ev, spirit)
    elsewhere = ef.dossier_for(f.ProductFactory(producer=other_producer, product_set=set14))
    stranger = ef.document_in(elsewhere)
    client.force_login(member.user)
    url = reverse("evaluation:document", args=[enrolment.public_code, stranger.public_code])
    assert client.get(url).status_code == 404
    client.force_login(ev.members[1].user)  # on the council, not assigned this product
    own = ef.document_in(enrolment.dossier, title="Phiếu kiểm nghiệm")
    url = reverse("evaluation:document", args=[enrolment.public_code, own.public_code])
    assert client.get(url).status_code == 404


def test_a_withdrawn_member_loses_the_dossier(client, ev, spirit):
    enrolment, member = scored(ev, spirit)
    document = ef.document_in(enrolment.dossier)
    services.conflict_declare(actor=member.user, member=member, producer=spirit.producer)
    assert not selectors.products_assigned_to(member.user).exists()
    client.force_login(member.user)
    url = reverse("evaluation:document", args=[enrolment.public_code, document.public_code])
    assert client.get(url).status_code == 404


def test_member_sees_the_history_of_the_product_they_score(client, ev, spirit):
    enrolment, member = scored(ev, spirit)
    assert list(selectors.products_assigned_to(member.user)) == [spirit]
    assert list(selectors.dossiers_assigned_to(member.user)) == [enrolment.dossier]
    client.force_login(member.user)
    page = client.get(reverse("evaluation:history", args=[spirit.public_code]))
    assert page.status_code == 200
    registry = client.get(reverse("registry:product_detail", args=[spirit.public_code]))
    assert registry.status_code == 404
