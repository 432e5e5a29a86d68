"""The plan as a PDF, made by a Celery worker: on request through core's generated files
(staff, any version they may read), and once when a version is published, kept on the plan
for anyone to download (core.documents).

Cover, contents, the introduction, priorities in order with their intended grants, the
consultation summary, and the panel's report with the commissioner's responses. Anyone who
may read the plan may ask for it; `pdf/base.html` puts "Page n of m" on every page.
"""

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from core.documents import document_attach
from core.generated import GeneratedContent, GenerationError, generator_register
from core.money import format_money
from plans.changes import paragraphs
from plans.models import Plan
from plans.rules import can_read

KIND = "plan"
TEMPLATE = "plans/pdf/plan.html"


def plan_pdf_parameters(submitted: dict) -> dict:
    try:
        return {"plan": int(submitted.get("plan", ""))}
    except (TypeError, ValueError):
        raise ValidationError(_("Choose a plan.")) from None


def plan_pdf_can_request(user, parameters) -> bool:
    if not user.is_authenticated:
        return False
    plan = Plan.objects.select_related("body").filter(pk=parameters.get("plan")).first()
    return plan is not None and can_read(user, plan)


def _related(plan, name):
    try:
        return getattr(plan, name)
    except ObjectDoesNotExist:
        return None


def _day(value) -> str:
    return formats.date_format(value, "j F Y") if value else ""


def plan_pdf_context(plan) -> dict:
    """What the PDF shows, as plain values (the worker takes it through JSON when the PDF
    is kept for a published plan: core.documents), already formatted."""
    consultation = _related(plan, "consultation")
    report = _related(plan, "panel_report")
    published_at = timezone.localtime(plan.published_at) if plan.published_at else None
    return {
        "plan": {
            "title": plan.title,
            "body_name": plan.body.name,
            "period": plan.period,
            "version": plan.version,
            "published_on": _day(published_at),
            "status_label": str(plan.get_status_display()),
            "variation_reason": plan.variation_reason,
        },
        "introduction": paragraphs(plan.introduction),
        "priorities": [
            {
                "position": priority.position,
                "title": priority.title,
                "description": priority.description,
                "intended_outcomes": priority.intended_outcomes,
                "measures": priority.measures,
                "grants": [
                    {
                        "recipient": grant.recipient,
                        "purpose": grant.purpose,
                        "financial_year": str(grant.financial_year or ""),
                        "amount": format_money(grant.amount),
                    }
                    for grant in priority.intended_grants.all()
                ],
            }
            for priority in plan.priorities.prefetch_related("intended_grants").order_by("position")
        ],
        "consultation": {
            "summary": consultation.summary if consultation else "",
            "opens_on": _day(consultation.opens_on) if consultation else "",
            "closes_on": _day(consultation.closes_on) if consultation else "",
        },
        "report": {"text": report.text if report else ""},
        "recommendations": [
            {"position": r.position, "text": r.text, "response": r.response}
            for r in plan.panel_recommendations.all()
        ],
        "links": [{"title": link.title, "url": link.url} for link in plan.links.all()],
        "attachments": [{"title": attachment.title} for attachment in plan.attachments.all()],
        "as_at": _day(timezone.localdate()),
    }


def plan_pdf_filename(plan) -> str:
    return slugify(f"{plan.body.police_area} {plan.title} version {plan.version}") + ".pdf"


def published_plan_pdf_attach(plan) -> None:
    """Have the worker render the published version's PDF once, after the commit, and keep
    it on the plan (`published_pdf`), for anyone to download."""
    document_attach(
        plan,
        "published_pdf",
        TEMPLATE,
        plan_pdf_context(plan),
        filename=plan_pdf_filename(plan),
    )


def plan_pdf_generate(generated, progress) -> GeneratedContent:
    from core.pdf import render_pdf  # WeasyPrint is slow to import: only workers need it

    plan = (
        Plan.objects.select_related("body", "consultation", "panel_report")
        .filter(pk=generated.parameters["plan"])
        .first()
    )
    # Checked again here: the plan may have changed hands since the request was made.
    if plan is None or not can_read(generated.requested_by, plan):
        raise GenerationError(_("This plan is no longer available to you."))
    context = plan_pdf_context(plan)
    progress(30)
    pdf = render_pdf(TEMPLATE, context)
    progress(90)
    return GeneratedContent(plan_pdf_filename(plan), "application/pdf", pdf)


def register() -> None:
    generator_register(
        KIND,
        label=_("Police and crime plan (PDF)"),
        generate=plan_pdf_generate,
        can_request=plan_pdf_can_request,
        clean_parameters=plan_pdf_parameters,
        # Measured: 11 s for a plan far larger than any real one (40 long priorities, 200
        # intended grants) on a busy 2-core machine; the hard limit leaves ten times that.
        time_limit=120,
    )
