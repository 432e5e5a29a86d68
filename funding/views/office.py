"""A body's finance page: its allocations by stream and year, entry by hand, history."""

from itertools import groupby

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core.money import format_money
from funding import rules, selectors, services
from funding.errors import AllocationInvalid, RoleRequired
from funding.forms import AllocationForm
from funding.views._common import editors_only, readers_only


@require_safe
@readers_only
def finance(request):
    body = request.policing_body
    allocations = list(selectors.allocation_list_for_body(body=body))
    streams = []
    for stream, of_stream in groupby(allocations, key=lambda allocation: allocation.stream):
        years = []
        for year, of_year in groupby(of_stream, key=lambda allocation: allocation.year):
            lines = list(of_year)
            years.append({"year": year, "lines": lines, "total": sum(a.amount for a in lines)})
        streams.append({"stream": stream, "years": years})
    return render(
        request,
        "funding/finance.html",
        {"body": body, "streams": streams, "can_edit": rules.can_edit(request.user, body)},
    )


def _save(request, form, *, title, template_context, save):
    if request.method == "POST" and form.is_valid():
        try:
            allocation, previous = save(form.cleaned_data)
        except RoleRequired as error:
            raise PermissionDenied from error
        except AllocationInvalid as error:
            form.add_error(None, error.message)
        else:
            if previous is None:
                text = _("Allocation added: %(line)s, %(year)s, %(amount)s")
            elif previous == allocation.amount:
                text = _("Nothing changed: %(line)s, %(year)s is already %(amount)s")
            else:
                text = _("Allocation changed: %(line)s, %(year)s, from %(previous)s to %(amount)s")
            messages.success(
                request,
                text
                % {
                    "line": allocation.line_label,
                    "year": allocation.year,
                    "amount": format_money(allocation.amount),
                    "previous": format_money(previous) if previous is not None else "",
                },
            )
            return redirect("funding:finance")
    return render(request, "funding/form.html", {"form": form, "title": title, **template_context})


@require_http_methods(["GET", "POST"])
@editors_only
def allocation_add(request):
    body = request.policing_body
    form = AllocationForm(request.POST or None, cancel="funding:finance")

    def save(data):
        return services.allocation_set(
            by=request.user,
            body=body,
            stream=data["stream"],
            year=data["year"],
            line_label=data["line_label"],
            amount=data["amount"],
        )

    return _save(
        request,
        form,
        title=_("Add an allocation"),
        template_context={
            "lead": _(
                "For a stream, year and line that already has an allocation, this changes "
                "its amount."
            )
        },
        save=save,
    )


@require_http_methods(["GET", "POST"])
@editors_only
def allocation_edit(request, pk):
    body = request.policing_body
    allocation = selectors.allocation_get_for_body(body=body, pk=pk)
    form = AllocationForm(request.POST or None, cancel="funding:finance", allocation=allocation)

    def save(data):
        return services.allocation_set(
            by=request.user,
            body=body,
            stream=allocation.stream,
            year=allocation.year,
            line_label=allocation.line_label,
            amount=data["amount"],
        )

    return _save(
        request,
        form,
        title=_("Change the allocation"),
        template_context={"allocation": allocation},
        save=save,
    )


ACTIONS = {"insert": "added", "update": "changed", "delete": "removed"}


@require_safe
@readers_only
def history(request):
    """Every change of the body's allocations, newest first, each with the amount before."""
    events = list(selectors.allocation_events_for_body(body=request.policing_body))
    # Walk each allocation's events oldest first to know the amount before each change.
    before = {}
    for event in reversed(events):
        event.previous = before.get(event.pgh_obj_id)
        event.action = ACTIONS.get(event.pgh_label, event.pgh_label)
        before[event.pgh_obj_id] = event.amount
        context = event.pgh_context
        event.actor = context.metadata.get("actor", "") if context else ""
    return render(
        request, "funding/history.html", {"body": request.policing_body, "events": events}
    )
