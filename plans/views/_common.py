"""What the plans views share: resolving a plan for the person, and turning refusals into
403s or messages."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from core.access import role_required
from core.errors import ApplicationError
from plans.errors import RoleRequired
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
    if isinstance(error, RoleRequired):
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


def form_page(
    request,
    form,
    *,
    title,
    save,
    done,
    plan=None,
    success=None,
    template="plans/form.html",
    **context,
):
    """GET shows the form; a valid POST calls `save(cleaned_data)`, a service, then goes to
    `done` (a URL, or a function of what `save` returned). A refusal is shown on the form,
    with everything typed still there."""
    if request.method == "POST" and form.is_valid():
        try:
            result = save(form.cleaned_data)
        except RoleRequired as error:
            raise PermissionDenied from error
        except ApplicationError as error:
            form.add_error(None, error.message)
        except ValidationError as error:  # an upload the file checks refused
            form.add_error(None, error)
        else:
            if success:
                messages.success(request, success)
            return redirect(done(result) if callable(done) else done)
    return render(request, template, {"form": form, "title": title, "plan": plan, **context})


def posted(request):
    """The form data of a POST, even an empty one (a confirmation has no fields), else None."""
    return request.POST if request.method == "POST" else None


def posted_files(request):
    return request.FILES if request.method == "POST" else None
