"""Registering an organisation, changing its profile and its identifiers."""

import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.identifiers import normalise_charity_number, normalise_company_number, normalise_postcode
from core.vocabularies import CharityRegulator, Identifier, LegalForm, identifiers_required
from providers.due_diligence import due_diligence_refresh
from providers.errors import OrganisationAlreadyRegistered
from providers.models import (
    SCHEME_FOR_REGULATOR,
    IdentifierScheme,
    MemberRole,
    Organisation,
    OrganisationIdentifier,
    OrganisationMember,
)
from providers.registry.services import organisation_search_vector_update

# The form field each kind of identifier is typed into.
IDENTIFIER_FIELDS = {
    Identifier.CHARITY_NUMBER: "charity_number",
    Identifier.COMPANY_NUMBER: "company_number",
}

PROFILE_FIELDS = (
    "name",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
    "website",
    "description",
    "income_band",
    "safeguarding_lead_name",
    "safeguarding_lead_email",
    "safeguarding_lead_phone",
)
PROFILE_RELATIONS = ("areas_served", "service_categories", "victim_groups")


def identifiers_clean(
    *, legal_form, charity_regulator="", charity_number="", company_number=""
) -> dict[str, tuple[str, str]]:
    """The identifiers a legal form needs, checked and normalised: {kind: (scheme, value)}.

    Raises ValidationError keyed by form field: a number missing, malformed, or given for a
    legal form that has none (a CIC has no charity number).
    """
    legal_form = LegalForm(legal_form)
    required = identifiers_required(legal_form)
    typed = {
        Identifier.CHARITY_NUMBER: (charity_number or "").strip(),
        Identifier.COMPANY_NUMBER: (company_number or "").strip(),
    }
    errors = {}
    cleaned = {}
    for kind, text in typed.items():
        field = IDENTIFIER_FIELDS[kind]
        if kind not in required:
            if text:
                errors[field] = ValidationError(
                    _(
                        "A %(legal_form)s has no %(identifier)s: leave this empty or choose "
                        "another legal form"
                    )
                    % {"legal_form": legal_form.label.lower(), "identifier": kind.label},
                    code="not_for_legal_form",
                )
            continue
        if not text:
            errors[field] = ValidationError(
                _("Enter the %(identifier)s") % {"identifier": kind.label}, code="required"
            )
            continue
        try:
            if kind == Identifier.CHARITY_NUMBER:
                if not charity_regulator:
                    errors["charity_regulator"] = ValidationError(
                        _("Select where the charity is registered"), code="required"
                    )
                    continue
                regulator = CharityRegulator(charity_regulator)
                value = normalise_charity_number(text, regulator=regulator)
                cleaned[kind] = (SCHEME_FOR_REGULATOR[regulator], value)
            else:
                cleaned[kind] = (IdentifierScheme.COMPANIES_HOUSE, normalise_company_number(text))
        except ValidationError as error:
            errors[field] = error
    if errors:
        raise ValidationError(errors)
    return cleaned


def _name_key(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip().lower()


def organisation_duplicate_find(
    *, identifiers: dict, name: str = "", postcode: str = "", exclude=None
) -> tuple[Organisation, str] | None:
    """The organisation already registered with any of these numbers, now or in the past, or
    else with this name at this postcode; and the form field that matched. None if none.

    Regulators never reuse numbers, so a match on a number an organisation used to have
    (before converting to a CIO, say) is the same organisation.
    """
    if identifiers:
        match = Q()
        for scheme, value in identifiers.values():
            match |= Q(scheme=scheme, value=value)
        found = OrganisationIdentifier.objects.filter(match).select_related("organisation")
        if exclude is not None:
            found = found.exclude(organisation=exclude)
        # A current holder first, so the person is sent to the organisation that has it now.
        found = found.order_by("valid_until", "pk").first()
        if found is not None:
            return found.organisation, IDENTIFIER_FIELDS[Identifier(found.kind)]
    if name and postcode:
        same = Organisation.objects.annotate(name_lower=Lower("name")).filter(
            name_lower=_name_key(name), postcode=normalise_postcode(postcode)
        )
        if exclude is not None:
            same = same.exclude(pk=exclude.pk)
        organisation = same.order_by("pk").first()
        if organisation is not None:
            return organisation, "name"
    return None


def _org_id_for(organisation, current: dict) -> str:
    # The first identifier it has, charity number first (docs/domain.md, Shared
    # vocabularies), else our own.
    for kind in (Identifier.CHARITY_NUMBER, Identifier.COMPANY_NUMBER):
        if kind in current:
            scheme, value = current[kind]
            return f"{scheme}-{value}"
    return organisation.our_org_id


def _refuse_duplicate(*, identifiers, name, postcode, exclude=None):
    duplicate = organisation_duplicate_find(
        identifiers=identifiers, name=name, postcode=postcode, exclude=exclude
    )
    if duplicate is not None:
        organisation, field = duplicate
        raise OrganisationAlreadyRegistered(organisation=organisation, field=field)


def organisation_register(
    *,
    registered_by,
    name,
    legal_form,
    charity_regulator="",
    charity_number="",
    company_number="",
    address_line_1,
    address_line_2="",
    town,
    postcode,
    website="",
    description,
    areas_served,
    service_categories,
    victim_groups=(),
    income_band,
    safeguarding_lead_name,
    safeguarding_lead_email,
    safeguarding_lead_phone="",
) -> Organisation:
    """Register an organisation with the person registering it as its first administrator.

    Raises ValidationError for missing or malformed identifiers and
    OrganisationAlreadyRegistered for an organisation we already have.
    """
    identifiers = identifiers_clean(
        legal_form=legal_form,
        charity_regulator=charity_regulator,
        charity_number=charity_number,
        company_number=company_number,
    )
    postcode = normalise_postcode(postcode)
    name = re.sub(r"\s+", " ", name).strip()
    _refuse_duplicate(identifiers=identifiers, name=name, postcode=postcode)
    try:
        with transaction.atomic():
            organisation = Organisation(
                name=name,
                legal_form=legal_form,
                address_line_1=address_line_1,
                address_line_2=address_line_2,
                town=town,
                postcode=postcode,
                website=website,
                description=description,
                income_band=income_band,
                safeguarding_lead_name=safeguarding_lead_name,
                safeguarding_lead_email=safeguarding_lead_email,
                safeguarding_lead_phone=safeguarding_lead_phone,
                registered_by=registered_by,
            )
            organisation.org_id = _org_id_for(organisation, identifiers)
            organisation.save()
            now = timezone.now()
            OrganisationIdentifier.objects.bulk_create(
                OrganisationIdentifier(
                    organisation=organisation,
                    kind=kind,
                    scheme=scheme,
                    value=value,
                    valid_from=now,
                    recorded_by=registered_by,
                )
                for kind, (scheme, value) in identifiers.items()
            )
            organisation.areas_served.set(areas_served)
            organisation.service_categories.set(service_categories)
            organisation.victim_groups.set(victim_groups)
            organisation_search_vector_update(organisation_ids=[organisation.pk])
            OrganisationMember.objects.create(
                organisation=organisation, user=registered_by, role=MemberRole.ADMINISTRATOR
            )
    except IntegrityError:
        # Someone registered the same number between our check and our insert: the unique
        # constraint on current identifiers refused the second one.
        _refuse_duplicate(identifiers=identifiers, name="", postcode="")
        raise
    return organisation


@transaction.atomic
def organisation_update(*, organisation, **changes) -> Organisation:
    """Change the profile: any of PROFILE_FIELDS and PROFILE_RELATIONS."""
    unknown = set(changes) - set(PROFILE_FIELDS) - set(PROFILE_RELATIONS)
    if unknown:
        raise TypeError(f"not profile fields: {sorted(unknown)}")
    if "postcode" in changes:
        changes["postcode"] = normalise_postcode(changes["postcode"])
    if "name" in changes:
        changes["name"] = re.sub(r"\s+", " ", changes["name"]).strip()
    fields = [field for field in PROFILE_FIELDS if field in changes]
    for field in fields:
        setattr(organisation, field, changes[field])
    if fields:
        organisation.save(update_fields=fields)
    for relation in PROFILE_RELATIONS:
        if relation in changes:
            getattr(organisation, relation).set(changes[relation])
    if {"name", "description", "service_categories"} & set(changes):
        organisation_search_vector_update(organisation_ids=[organisation.pk])
    return organisation


def organisation_identifiers_change(
    *,
    organisation,
    legal_form,
    charity_regulator="",
    charity_number="",
    company_number="",
    changed_by,
) -> Organisation:
    """Change the legal form and registration numbers, keeping the old numbers as history.

    A number that changes is ended (valid_until now) and the new one starts now; a number
    that stays is left alone. Raises ValidationError and OrganisationAlreadyRegistered as
    `organisation_register` does, when another organisation has or had a new number.
    """
    identifiers = identifiers_clean(
        legal_form=legal_form,
        charity_regulator=charity_regulator,
        charity_number=charity_number,
        company_number=company_number,
    )
    _refuse_duplicate(identifiers=identifiers, name="", postcode="", exclude=organisation)
    try:
        with transaction.atomic():
            locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
            now = timezone.now()
            current = {
                identifier.kind: identifier
                for identifier in locked.identifiers.filter(valid_until__isnull=True)
            }
            for kind in (Identifier.CHARITY_NUMBER, Identifier.COMPANY_NUMBER):
                old = current.get(kind)
                new = identifiers.get(kind)
                if old is not None and (old.scheme, old.value) == new:
                    continue
                if old is not None:
                    old.valid_until = now
                    old.save(update_fields=["valid_until"])
                if new is not None:
                    OrganisationIdentifier.objects.create(
                        organisation=locked,
                        kind=kind,
                        scheme=new[0],
                        value=new[1],
                        valid_from=now,
                        recorded_by=changed_by,
                    )
            locked.legal_form = legal_form
            locked.org_id = _org_id_for(locked, identifiers)
            locked.save(update_fields=["legal_form", "org_id"])
            # Another legal form may need other documents.
            due_diligence_refresh(
                Organisation.objects.filter(pk=locked.pk), today=timezone.localdate()
            )
    except IntegrityError:
        _refuse_duplicate(identifiers=identifiers, name="", postcode="", exclude=organisation)
        raise
    organisation.refresh_from_db()
    return organisation
