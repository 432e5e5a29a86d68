"""Demo providers: a dozen fictional organisations across several bodies.

Every name and number is made up. Charity numbers start 9999 (England and Wales), SC9999 or
9999 (Scotland, Northern Ireland) and company numbers 9999: beyond anything the registers
have issued, so the demo never shows a real charity. Members hold every role; documents are
in every state (in date, expiring within 30 days, out of date, missing, replaced). Dates are
relative to `anchor`. Loading twice changes nothing.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.demo import DEMO_PASSWORD, demo_user
from core.models import PolicingBody, ServiceCategory, User, VictimGroup
from core.pdf import render_pdf
from core.vocabularies import CharityRegulator, IncomeBand, LegalForm
from providers.documents import DocumentKind, documents_required
from providers.models import (
    DueDiligenceDocument,
    Invitation,
    JoinRequest,
    MemberRole,
    Organisation,
    OrganisationMember,
    ProviderNote,
)
from providers.registry.services import note_add, verification_record
from providers.services.documents import document_upload
from providers.services.organisations import organisation_identifiers_change, organisation_register

CCEW = CharityRegulator.CHARITY_COMMISSION_ENGLAND_WALES
CIO = LegalForm.CHARITABLE_INCORPORATED_ORGANISATION
DOMAIN = "provider.demo.example"


@dataclass(frozen=True)
class DemoProvider:
    key: str
    name: str
    legal_form: str
    areas: tuple[str, ...]
    services: tuple[str, ...]
    victims: tuple[str, ...]
    income: str
    town: str
    postcode: str
    regulator: str = ""
    charity: str = ""
    company: str = ""


P = DemoProvider
PROVIDERS = [
    P("riverside", "Riverside Women's Aid (fictional)", CIO,
      ("avon-and-somerset", "wiltshire"), ("advocacy", "refuges-and-safe-accommodation"),
      ("domestic-abuse",), IncomeBand.FROM_1M_TO_10M, "Bristol", "BS1 6XN", CCEW, "9999101"),
    P("bridgeway", "Bridgeway Victim Care (fictional)", CIO,
      ("avon-and-somerset",), ("information-and-advice", "counselling-and-therapy"),
      ("older-people",), IncomeBand.FROM_100K_TO_1M, "Bath", "BA1 1SU", CCEW, "9999102"),
    P("cwtsh", "Cwtsh Cymunedol (fictional)", LegalForm.REGISTERED_CHARITY,
      ("dyfed-powys", "gwent"), ("peer-support", "restorative-justice"),
      ("children-and-young-people",), IncomeBand.FROM_10K_TO_100K, "Carmarthen", "SA31 1AA",
      CCEW, "9999103"),
    P("safe-steps", "Safe Steps Youth CIC (fictional)", LegalForm.COMMUNITY_INTEREST_COMPANY,
      ("avon-and-somerset", "gloucestershire"), ("youth-diversion",),
      ("children-and-young-people",), IncomeBand.FROM_100K_TO_1M, "Gloucester", "GL1 2EH",
      company="99990104"),
    P("clearpath", "Clearpath Recovery Ltd (fictional)", LegalForm.COMPANY_LIMITED_BY_GUARANTEE,
      ("dyfed-powys",), ("drugs-and-alcohol",), (), IncomeBand.FROM_1M_TO_10M, "Swansea",
      "SA1 1DP", company="99990105"),
    P("north-shore", "North Shore Advocacy (fictional)", LegalForm.REGISTERED_CHARITY,
      ("cumbria",), ("advocacy",), ("sexual-violence",), IncomeBand.FROM_100K_TO_1M,
      "Carlisle", "CA3 8QW", CharityRegulator.OSCR, "SC999906"),
    P("lough", "Lough View Support (fictional)", LegalForm.REGISTERED_CHARITY, ("merseyside",),
      ("counselling-and-therapy",), ("bereaved-families",), IncomeBand.UNDER_10K, "Liverpool",
      "L1 8JQ", CharityRegulator.CHARITY_COMMISSION_NORTHERN_IRELAND, "999907"),
    P("harbour", "Harbour Hate Crime Network (fictional)",
      LegalForm.UNINCORPORATED_COMMUNITY_GROUP, ("avon-and-somerset",),
      ("information-and-advice",), ("hate-crime",), IncomeBand.UNDER_10K, "Weston-super-Mare",
      "BS23 1UJ"),
    P("westshire", "Westshire Borough Council (fictional)", LegalForm.STATUTORY_BODY,
      ("avon-and-somerset",), ("anti-social-behaviour", "crime-prevention"),
      ("anti-social-behaviour",), IncomeBand.OVER_10M, "Taunton", "TA1 1HE"),
    P("lockwise", "Lockwise Home Security Ltd (fictional)", LegalForm.PRIVATE_COMPANY,
      ("avon-and-somerset", "devon-and-cornwall"), ("security-measures",),
      ("older-people", "disabled-victims"), IncomeBand.FROM_1M_TO_10M, "Exeter", "EX1 1JG",
      company="99990110"),
    P("fresh-start", "Fresh Start Mentoring (fictional)", LegalForm.SOCIAL_ENTERPRISE,
      ("dyfed-powys",), ("reducing-reoffending",), (), IncomeBand.FROM_10K_TO_100K,
      "Aberystwyth", "SY23 1DE"),
    P("mill-lane", "Mill Lane Community Society (fictional)", LegalForm.REGISTERED_SOCIETY,
      ("avon-and-somerset",), ("peer-support",), ("fraud-and-cyber-crime",),
      IncomeBand.FROM_10K_TO_100K, "Frome", "BA11 1BE"),
]  # fmt: skip

# Named demo people, printed by `make run`, and the organisations they belong to. Kit belongs
# to two organisations and switches between them.
PEOPLE = [
    ("hannah", "Hannah Price", "provider administrator, Riverside Women's Aid"),
    ("owen", "Owen Clarke", "provider editor, Riverside Women's Aid"),
    ("mo", "Mo Ahmed", "provider viewer, Riverside Women's Aid"),
    ("kit", "Kit Morgan", "provider in two organisations: Bridgeway and Riverside"),
]
ADMINISTRATORS = {"riverside": "hannah", "bridgeway": "kit"}
MEMBERSHIPS = [
    ("owen", "riverside", MemberRole.EDITOR),
    ("mo", "riverside", MemberRole.VIEWER),
    ("kit", "riverside", MemberRole.EDITOR),
]

# Which documents each organisation has, by position in PROVIDERS: every state appears.
# "in-date", "expiring" (within 30 days), "out-of-date", "replaced" (an older version kept),
# and any kind not listed is missing.
DOCUMENT_STATES = {
    DocumentKind.GOVERNING_DOCUMENT: "replaced",
    DocumentKind.ACCOUNTS: "in-date",
    DocumentKind.SAFEGUARDING_POLICY: "out-of-date",
    DocumentKind.INSURANCE: "expiring",
    DocumentKind.DATA_PROTECTION: "in-date",
}


def _document_date(kind, state, anchor, index):
    """A date that puts a document of this kind in this state on `anchor`."""
    shift = timedelta(days=index)  # so that organisations do not all share one date
    if kind == DocumentKind.ACCOUNTS:
        days = {"in-date": 200, "expiring": 650, "out-of-date": 700}.get(state, 200)
        return anchor - timedelta(days=days) - shift
    if kind in (DocumentKind.INSURANCE, DocumentKind.DATA_PROTECTION):
        days = {"in-date": 300, "expiring": 12, "out-of-date": -20}.get(state, 300)
        return anchor + timedelta(days=days) + shift
    if kind == DocumentKind.GOVERNING_DOCUMENT:
        return anchor - timedelta(days=900) - shift
    days = {"in-date": 90, "expiring": 350, "out-of-date": 400}.get(state, 90)
    return anchor - timedelta(days=days) - shift


_PDF_CACHE = {}


def _pdf(kind) -> bytes:
    if kind not in _PDF_CACHE:
        _PDF_CACHE[kind] = render_pdf(
            "pdf/providers_demo_document.html", {"kind": DocumentKind(kind).label}
        )
    return _PDF_CACHE[kind]


def _upload(organisation, kind, document_date, user, anchor):
    name = f"{DocumentKind(kind).label} - {organisation.name}.pdf"
    document_upload(
        organisation=organisation,
        kind=kind,
        uploaded_file=SimpleUploadedFile(name, _pdf(kind), content_type="application/pdf"),
        document_date=document_date,
        uploaded_by=user,
        today=anchor,
    )


# Organisations whose every required document is current and in date, so the registry's
# "Complete and in date" filter finds someone.
COMPLETE = {"bridgeway"}


def _documents(organisation, index, user, anchor, *, complete=False):
    required = documents_required(organisation.legal_form)
    if complete:
        for kind in required:
            _upload(
                organisation, kind, _document_date(kind, "in-date", anchor, index), user, anchor
            )
        return
    # Rotate the states so each organisation shows a different mix.
    states = list(DOCUMENT_STATES.values())
    for position, kind in enumerate(required):
        if kind == DocumentKind.EQUALITY_POLICY or (index + position) % 7 == 6:
            continue  # missing
        state = states[(position + index) % len(states)]
        if state == "replaced":
            _upload(organisation, kind, anchor - timedelta(days=2000), user, anchor)
            state = "in-date"
        _upload(organisation, kind, _document_date(kind, state, anchor, index), user, anchor)


def _person(local, name):
    email = f"{local}@{DOMAIN}"
    user, created = User.objects.get_or_create(email=email, defaults={"full_name": name})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def load(*, anchor):
    if not Organisation.objects.filter(name=PROVIDERS[0].name).exists():
        _load(anchor)
    for local, name, description in PEOPLE:
        demo_user(f"{local}@{DOMAIN}", name, description)
    _registry()


def _registry():
    """A verification every body sees and a note for each of two bodies (registry pages)."""
    if ProviderNote.objects.exists():
        return
    officers = {
        user.email.split("@")[1].split(".")[0]: user
        for user in User.objects.filter(
            email__in=["officer@avon-and-somerset.demo.example", "officer@dyfed-powys.demo.example"]
        )
    }
    bodies = {body.slug: body for body in PolicingBody.objects.filter(slug__in=officers)}
    organisation = Organisation.objects.filter(name=PROVIDERS[0].name).first()
    if organisation is None or "avon-and-somerset" not in officers:
        return
    verification_record(
        organisation=organisation,
        checked_by=officers["avon-and-somerset"],
        body=bodies["avon-and-somerset"],
        identifiers_checked=True,
        documents=DueDiligenceDocument.objects.filter(
            organisation=organisation, replaced_at__isnull=True
        ),
        note="Numbers match the Charity Commission and Companies House registers.",
    )
    note_add(
        organisation=organisation,
        body=bodies["avon-and-somerset"],
        author=officers["avon-and-somerset"],
        text="Met their director at the victims' services forum; interested in the next round.",
    )
    if "dyfed-powys" in officers:
        note_add(
            organisation=organisation,
            body=bodies["dyfed-powys"],
            author=officers["dyfed-powys"],
            text="Asked about outreach in Ceredigion; they have no staff there yet.",
        )


def _load(anchor):
    bodies = {body.slug: body for body in PolicingBody.objects.all()}
    categories = {category.slug: category for category in ServiceCategory.objects.all()}
    groups = {group.slug: group for group in VictimGroup.objects.all()}
    people = {local: _person(local, name) for local, name, _description in PEOPLE}
    organisations = {}
    for index, provider in enumerate(PROVIDERS):
        key, name, legal_form = provider.key, provider.name, provider.legal_form
        charity, company = provider.charity, provider.company
        administrator = people.get(ADMINISTRATORS.get(key)) or _person(
            f"admin.{key}", f"Administrator at {name.split(' (')[0]}"
        )
        if key == "riverside":
            # Riverside was a charitable company and is now a CIO (below): its old numbers
            # show as history, and still find it when someone tries to register it again.
            legal_form, charity, company = LegalForm.CHARITABLE_COMPANY, "9999100", "99990101"
        organisation = organisation_register(
            registered_by=administrator,
            name=name,
            legal_form=legal_form,
            charity_regulator=provider.regulator,
            charity_number=charity,
            company_number=company,
            address_line_1=f"{10 + index} High Street",
            town=provider.town,
            postcode=provider.postcode,
            website=f"https://{key}.{DOMAIN}",
            description=(
                "A fictional organisation for the demo. It supports people affected by crime "
                "in its area, on its own and with partners."
            ),
            areas_served=[bodies[slug] for slug in provider.areas],
            service_categories=[categories[slug] for slug in provider.services],
            victim_groups=[groups[slug] for slug in provider.victims],
            income_band=provider.income,
            safeguarding_lead_name="Sam Safeguarding",
            safeguarding_lead_email=f"safeguarding.{key}@{DOMAIN}",
        )
        organisations[key] = organisation
        _documents(organisation, index, administrator, anchor, complete=key in COMPLETE)
        if key not in ADMINISTRATORS and index % 3 != 2:
            # An editor and a viewer in most organisations: every role appears everywhere.
            for role in (MemberRole.EDITOR, MemberRole.VIEWER):
                person = _person(f"{role}.{key}", f"{role.label} at {name.split(' (')[0]}")
                OrganisationMember.objects.create(organisation=organisation, user=person, role=role)
    for local, key, role in MEMBERSHIPS:
        OrganisationMember.objects.create(
            organisation=organisations[key], user=people[local], role=role
        )

    riverside = organisations["riverside"]
    organisation_identifiers_change(
        organisation=riverside,
        legal_form=LegalForm.CHARITABLE_INCORPORATED_ORGANISATION,
        charity_regulator=CCEW,
        charity_number="9999101",
        changed_by=people["hannah"],
    )
    # Waiting for Riverside's administrator: an invitation and a request to join.
    now = timezone.now()
    Invitation.objects.create(
        organisation=riverside,
        email=f"new.colleague@{DOMAIN}",
        role=MemberRole.EDITOR,
        invited_by=people["hannah"],
        created_at=now,
        expires_at=now + timedelta(days=7),
    )
    JoinRequest.objects.create(
        organisation=riverside,
        user=_person("sol", "Sol Reyes"),
        message="I coordinate the Bath outreach service and need to see our grants.",
    )
