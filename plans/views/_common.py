"""What the plans views share: resolving a plan for the person, and turning refusals into
403s or messages."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect

from core.access import role_required
from core.errors import NotAllowed
from core.pages import form_page as core_form_page
from plans.rules import READERS
from plans.selectors import plan_get_visible_to

# Every private plans page: office staff and panel members of a body (then scoped further).
readers_only = role_required(*READERS)


def plan_for(request, pk):
    """The plan if the person may read it, else 404 (another body's, or a draft not with
    the panel)."""
    return plan_get_visible_to(user=request.user, pk=pk)


def part_of(plan, manager, pk):
    """An object of this plan (a priority, a grant...) or 404: a pk from another plan is
    not found, whatever the person may read."""
    return get_object_or_404(manager.filter(plan=plan), pk=pk)


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def refused(request, plan, error):
    """A service said no: 403 for the wrong role, otherwise its message on the plan's page."""
    if isinstance(error, NotAllowed):
        raise PermissionDenied from error
    messages.error(request, error.message)
    return redirect("plans:detail", pk=plan.pk)


def plan_page(view):
    """A private plans view taking `pk`: readers only, the plan resolved as `plan`."""

    @readers_only
    @wraps(view)
    def wrapped(request, pk, **kwargs):
        return view(request, plan_for(request, pk), **kwargs)

    return wrapped


def form_page(request, form, *, plan=None, template="plans/form.html", **kwargs):
    """core.pages.form_page, with plans' form template and the plan beside the form."""
    return core_form_page(request, form, template=template, plan=plan, **kwargs)
