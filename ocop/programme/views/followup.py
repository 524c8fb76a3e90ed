"""Follow-up pages: responsible officers, and the units' periodic reports with their review
and their .docx/.xlsx exports."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ocop.accounts.models import Role
from ocop.core.web import form_action, post_action
from ocop.geo.models import AdminUnit
from ocop.programme.forms.followup import AnswerForm, OfficerForm, ReportCreateForm, ReportTextForm
from ocop.programme.models import ReportStatus
from ocop.programme.officers import filing_units, may_file_for, may_review, officer_roles
from ocop.programme.report_files import period_title, report_docx, report_xlsx
from ocop.programme.selectors import followup as selectors
from ocop.programme.services import followup as services
from ocop.programme.views._followup import page_of, reader_required
from ocop.registry.selectors import products_visible_to


def _assigns(user) -> bool:
    """Responsible officers are named by a provincial office."""
    return user.is_superuser or any(ra.role == Role.PROVINCE_OFFICE for ra in officer_roles(user))


@reader_required
def officer_list(request):
    qs = selectors.officers_visible_to(request.user).filter(ended_on__isnull=True)
    form = OfficerForm(user=request.user)
    can_assign = _assigns(request.user)
    return render(
        request,
        "programme/followup/officers.html",
        {"page": page_of(request, qs), "form": form, "can_assign": can_assign},
    )


@reader_required
@require_POST
def officer_assign(request):
    if not _assigns(request.user):
        raise PermissionDenied
    form = OfficerForm(request.POST, user=request.user)
    product = None
    if form.is_valid() and form.cleaned_data["product"]:
        product = get_object_or_404(
            products_visible_to(request.user), public_code=form.cleaned_data["product"].strip()
        )
    done, _value = form_action(
        request,
        form,
        lambda data: services.officer_assign(
            actor=request.user, officer=data["officer"], unit=data["unit"], product=product
        ),
        success_message=_("The responsible officer was named."),
    )
    if not done:
        qs = selectors.officers_visible_to(request.user).filter(ended_on__isnull=True)
        return render(
            request,
            "programme/followup/officers.html",
            {"page": page_of(request, qs), "form": form, "can_assign": True},
        )
    return redirect("programme:officer_list")


@reader_required
@require_POST
def officer_end(request, pk):
    assignment = get_object_or_404(selectors.officers_visible_to(request.user), pk=pk)
    return post_action(
        request,
        lambda: services.officer_end(actor=request.user, assignment=assignment),
        success_message=_("The assignment was ended."),
        redirect_to="programme:officer_list",
    )


def _report(request, code):
    return get_object_or_404(selectors.reports_visible_to(request.user), public_code=code)


@reader_required
def report_list(request):
    qs = selectors.reports_visible_to(request.user)
    status = request.GET.get("trang_thai", "")
    if status in ReportStatus.values:
        qs = qs.filter(status=status)
    return render(
        request,
        "programme/followup/reports.html",
        {
            "page": page_of(request, qs),
            "status": status,
            "statuses": ReportStatus.choices,
            "can_file": bool(filing_units(request.user)),
        },
    )


@reader_required
def report_create(request):
    units = AdminUnit.objects.filter(pk__in=[u.pk for u in filing_units(request.user)])
    if not units.exists():
        raise PermissionDenied
    form = ReportCreateForm(request.POST or None, units=units)
    done, report = form_action(
        request,
        form,
        lambda data: services.report_create(actor=request.user, **data),
        success_message=_("The report was drafted with the figures of the system."),
    )
    if done:
        return redirect("programme:report_detail", code=report.public_code)
    return render(
        request, "programme/followup/report_form.html", {"form": form, "title": _("New report")}
    )


@reader_required
def report_detail(request, code):
    report = _report(request, code)
    filer = may_file_for(request.user, report.unit)
    reviewer = may_review(request.user, report.unit)
    return render(
        request,
        "programme/followup/report.html",
        {
            "report": report,
            "period": period_title(report),
            "figures": selectors.labelled(report.figures),
            "can_edit": filer and report.status == ReportStatus.DRAFT,
            "can_answer": reviewer and report.status == ReportStatus.SUBMITTED,
            "can_close": (filer or reviewer) and report.status == ReportStatus.ANSWERED,
            "text_form": ReportTextForm(
                initial={"difficulties": report.difficulties, "proposals": report.proposals}
            ),
            "answer_form": AnswerForm(),
        },
    )


@reader_required
@require_POST
def report_edit(request, code):
    report = _report(request, code)
    form = ReportTextForm(request.POST)
    form.is_valid()  # two optional texts: always valid, cleaned of control characters
    return post_action(
        request,
        lambda: services.report_update(
            actor=request.user,
            report=report,
            difficulties=form.cleaned_data.get("difficulties", ""),
            proposals=form.cleaned_data.get("proposals", ""),
        ),
        success_message=_("The report was saved and its figures read again."),
        redirect_to="programme:report_detail",
        code=report.public_code,
    )


@reader_required
@require_POST
def report_submit(request, code):
    report = _report(request, code)
    return post_action(
        request,
        lambda: services.report_submit(actor=request.user, report=report),
        success_message=_("The report was sent to the level above."),
        redirect_to="programme:report_detail",
        code=report.public_code,
    )


@reader_required
@require_POST
def report_answer(request, code):
    report = _report(request, code)
    return post_action(
        request,
        lambda: services.report_answer(
            actor=request.user, report=report, answer=request.POST.get("answer", "")
        ),
        success_message=_("The answer was sent to the unit."),
        redirect_to="programme:report_detail",
        code=report.public_code,
    )


@reader_required
@require_POST
def report_close(request, code):
    report = _report(request, code)
    return post_action(
        request,
        lambda: services.report_close(actor=request.user, report=report),
        success_message=_("The report was closed."),
        redirect_to="programme:report_detail",
        code=report.public_code,
    )


def _file(report, content: bytes, ext: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    name = f"bao-cao-ocop-{report.year}-{report.period_kind}{report.period}-{report.public_code}"
    response["Content-Disposition"] = f'attachment; filename="{name}.{ext}"'
    return response


@reader_required
def report_docx_view(request, code):
    report = _report(request, code)
    return _file(
        report,
        report_docx(report),
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


@reader_required
def report_xlsx_view(request, code):
    report = _report(request, code)
    return _file(
        report,
        report_xlsx(report),
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
