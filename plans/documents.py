"""The plan as a PDF, made by a Celery worker through core's generated files.

Cover, contents, the introduction, priorities in order with their intended grants, the
consultation summary, and the panel's report with the commissioner's responses. Anyone who
may read the plan may ask for it; `pdf/base.html` puts "Page n of m" on every page.
"""

from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from core.generated import GeneratedContent, GenerationError, generator_register
from plans.changes import paragraphs
from plans.models import Plan
from plans.rules import can_read

KIND = "plan"


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


def plan_pdf_context(plan) -> dict:
    return {
        "plan": plan,
        "introduction": paragraphs(plan.introduction),
        "priorities": list(
            plan.priorities.prefetch_related("intended_grants").order_by("position")
        ),
        "consultation": plan.consultation,
        "report": plan.panel_report,
        "recommendations": list(plan.panel_recommendations.all()),
        "links": list(plan.links.all()),
        "attachments": list(plan.attachments.all()),
        "as_at": formats.date_format(timezone.localdate(), "j F Y"),
    }


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
    pdf = render_pdf("plans/pdf/plan.html", context)
    progress(90)
    name = slugify(f"{plan.body.police_area} {plan.title} version {plan.version}")
    return GeneratedContent(f"{name}.pdf", "application/pdf", pdf)


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
