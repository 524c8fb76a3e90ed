from django.core.files.uploadedfile import SimpleUploadedFile

from tests.matrix import LOGIN, Case

NOT_REPORTERS = {"anonymous": LOGIN, "council": 403, "producer": 403}
NOT_IMPORTERS = {**NOT_REPORTERS, "department": 403, "district": 403, "commune": 403}


def _upload(w):
    body = "tỉnh,năm,số quyết định,tên sản phẩm,số sao\nHòa Bình,2021,1/QĐ,Chè Thử,3\n"
    return {
        "kind": "results",
        "dry_run": "on",
        "file": SimpleUploadedFile("k.csv", body.encode(), content_type="text/csv"),
    }


CASES = [
    Case("reports:index"),
    Case("reports:open_data", kwargs=lambda w: {"fmt": "csv"}),
    Case("reports:open_data", id="reports:open_data(xlsx)", kwargs=lambda w: {"fmt": "xlsx"}),
    Case(
        "reports:export",
        kwargs=lambda w: {"what": "thong-ke", "fmt": "xlsx"},
        expect=NOT_REPORTERS,
    ),
    Case(
        "reports:export",
        id="reports:export(certified csv)",
        kwargs=lambda w: {"what": "chung-nhan", "fmt": "csv"},
        expect=NOT_REPORTERS,
    ),
    Case(
        "reports:export",
        id="reports:export(producers)",
        kwargs=lambda w: {"what": "chu-the", "fmt": "xlsx"},
        expect=NOT_REPORTERS,
    ),
    Case(
        "reports:export",
        id="reports:export(unknown)",
        kwargs=lambda w: {"what": "khac", "fmt": "csv"},
        expect={"anonymous": LOGIN},
        default=404,
    ),
    Case("reports:import", expect=NOT_IMPORTERS),
    Case(
        "reports:import",
        id="reports:import(post)",
        method="post",
        data=_upload,
        expect=NOT_IMPORTERS,
    ),
    Case("reports:import_template", kwargs=lambda w: {"kind": "results"}),
]
