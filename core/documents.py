"""Lasting documents: a PDF rendered in the worker and kept on the object it belongs to.

    document_attach(bid, "submitted_copy", "funding/pdf/bid.html", {"bid": {...}})

renders `template` (extending `pdf/base.html`) with `context` once the transaction commits,
in a Celery worker, stores it (core.uploads) and sets `owner.<field>`, a foreign key to
`StoredFile`. Unlike a generated file (core.generated) it has no requester and never
expires: a submitted bid's copy, a signed grant agreement, a published round's
specification. Who may download it is the owner's `can_view` (register the model and field
with `file_owner_register`, `public=True` for what anyone may read once published).

The context must be JSON-safe (the task takes plain data): pass what the document shows,
already formatted. Attaching is done once: if the field already holds a file when the worker
gets there (the task ran twice, or two were queued), the new copy is dropped. If the owner's
row is frozen by trigger (core.triggers), leave `field` out of the frozen fields.
"""

import json
from functools import partial

from django.apps import apps
from django.db import models, transaction

from core.models import StoredFile


def _file_field(owner, field):
    model_field = owner._meta.get_field(field)
    if not (isinstance(model_field, models.ForeignKey) and model_field.related_model is StoredFile):
        raise ValueError(f"{owner._meta.label}.{field} must be a foreign key to StoredFile")


def document_attach(owner, field: str, template: str, context: dict, *, filename=None) -> None:
    """Queue the PDF to be made and attached to `owner.<field>` after the commit."""
    from core.tasks import document_render

    _file_field(owner, field)
    if owner.pk is None:
        raise ValueError("save the owner before attaching a document to it")
    # Fail here, in the caller, rather than in the worker: the context must survive JSON.
    context = json.loads(json.dumps(context))
    transaction.on_commit(
        partial(
            document_render.delay,
            owner=owner._meta.label_lower,
            pk=owner.pk,
            field=field,
            template=template,
            context=context,
            filename=filename or f"{owner._meta.model_name}-{owner.pk}.pdf",
        )
    )


def document_render_and_attach(*, owner, pk, field, template, context, filename) -> bool:
    """The worker's half: render, store, attach. False if the field was already filled."""
    from core.pdf import render_pdf  # WeasyPrint is slow to import: only workers need it
    from core.uploads import stored_file_create_generated

    model = apps.get_model(owner)
    # Render outside the transaction: it takes seconds, and holds no lock meanwhile.
    pdf = render_pdf(template, context)
    with transaction.atomic():
        # Locked, so that two runs at once attach one copy between them.
        holder = model._default_manager.select_for_update().get(pk=pk)
        _file_field(holder, field)
        if getattr(holder, f"{field}_id") is not None:
            return False
        stored = stored_file_create_generated(
            content=pdf, filename=filename, content_type="application/pdf"
        )
        setattr(holder, field, stored)
        holder.save(update_fields=[field])
    return True
