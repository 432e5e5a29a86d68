"""Public pages: every body with its current plan, a body's archive, a plan anyone can read.

No sign-in, and no second factor: a member of staff who has not verified yet reads these
as the public does.
"""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from core.access import second_factor_exempt
from plans import selectors
from plans.views.reading import plan_reading_context


@second_factor_exempt
@require_safe
def public_index(request):
    return render(
        request,
        "plans/public_index.html",
        {"bodies": selectors.bodies_with_current_plans()},
    )


@second_factor_exempt
@require_safe
def public_archive(request, body):
    body = selectors.public_body_get(slug=body)
    versions = list(selectors.public_plans_of(body=body))
    current = selectors.plan_current_for(body=body)
    return render(
        request,
        "plans/public_archive.html",
        {"body": body, "current": current, "versions": versions},
    )


@second_factor_exempt
@require_safe
def public_plan(request, body, pk):
    body = selectors.public_body_get(slug=body)
    plan = selectors.public_plan_get(body=body, pk=pk)
    context = plan_reading_context(plan, versions=selectors.plan_versions(plan=plan))
    return render(request, "plans/public_plan.html", context)
