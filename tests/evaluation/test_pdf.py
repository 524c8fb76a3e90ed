from ocop.core.pdf import to_bytes
from ocop.evaluation import services
from ocop.evaluation.pdf import score_sheet_document
from tests.evaluation import factories as ef


def test_score_sheet_pdf_is_printed_in_vietnamese(ev, spirit):
    enrolment = services.enrolment_add(
        actor=ev.manager, round_=ev.round, dossier=ef.dossier_for(spirit)
    )
    sheet = ef.score_all(ev, enrolment, [80])[0]
    document = score_sheet_document(sheet, services.sheet_of(enrolment.product_set))
    assert "PHIẾU CHẤM ĐIỂM OCOP" in document.texts
    assert to_bytes(document).startswith(b"%PDF")
