"""The provider registry at scale for `make bench` (core.benchmark): seed() and pages().

Organisation i always gets charity number 8000000 + i and the same random details for the
same seed, so seeding again tops up to the number asked for and changes nothing else. Every
row goes in with bulk_create; documents share one small PDF stored once; search vectors are
filled by one UPDATE per batch. `manage.py seed_scale` runs it in one transaction that checks
foreign keys immediately (core.db.constraints_check_immediately: why, there).

`BENCH_PROVIDERS_SCALE` (scripts/bench.py) replaces `scale` for this app alone: 50,000
providers beside the other apps' scale-1 data, rather than ten times everything.
"""

import datetime
import math
import os
import random
from urllib.parse import urlencode

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import Count
from django.utils import timezone

from core.models import PolicingBody, Role, ServiceCategory, User, VictimGroup
from core.uploads import stored_file_create_generated
from core.vocabularies import Identifier, IncomeBand, LegalForm
from providers.documents import documents_required, valid_until
from providers.due_diligence import due_diligence_refresh
from providers.models import (
    DueDiligenceDocument,
    IdentifierScheme,
    MemberRole,
    Organisation,
    OrganisationIdentifier,
    OrganisationMember,
)
from providers.registry.services import organisation_search_vector_update
from providers.registry.views import COUNT_LIMIT, PAGE_SIZE

PROVIDERS_PER_SCALE = 5000
PREFIX = "scale-"
FIRST_NUMBER = 8_000_000
BATCH = 1000
# What set_unusable_password stores: nobody signs in as a seeded member.
UNUSABLE = UNUSABLE_PASSWORD_PREFIX

NAME_WORDS = [
    "Harbour",
    "Beacon",
    "Compass",
    "Lantern",
    "Bridge",
    "Haven",
    "Anchor",
    "Meadow",
    "Willow",
    "Phoenix",
    "Horizon",
    "Oak",
    "Riverside",
    "Northgate",
    "Hillside",
    "Kestrel",
]
NAME_KINDS = ["Trust", "Project", "Foundation", "Centre", "Network", "Partnership", "Alliance"]
PHRASES = [
    "independent domestic violence advocacy for victims at high risk",
    "counselling and therapy for adults and children after sexual violence",
    "safe accommodation and refuge for women and their children",
    "peer support groups for people bereaved by homicide",
    "restorative justice conferences between victims and offenders",
    "youth diversion through sport, music and mentoring",
    "target hardening and security measures for repeat burglary victims",
    "financial guidance and help with benefits after fraud",
    "advocacy for victims of modern slavery and human trafficking",
    "drug and alcohol recovery support for people leaving prison",
    "hate crime reporting and casework in the community",
    "trauma-informed therapy for post-traumatic stress",
]
TOWNS = ["Bristol", "Bath", "Swindon", "Carmarthen", "Exeter", "Leeds", "Cardiff", "Norwich"]
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def seed(*, scale, rng):
    """Top up the registry to `PROVIDERS_PER_SCALE * scale` organisations."""
    scale = float(os.environ.get("BENCH_PROVIDERS_SCALE") or scale)
    providers = round(PROVIDERS_PER_SCALE * scale)
    # Organisation i draws from its own generator, seeded by (this app's seed, i): topping up
    # gives organisation i the same details whenever it is created.
    seed = rng.getrandbits(64)
    wanted = {f"GB-CHC-{FIRST_NUMBER + i}": i for i in range(providers)}
    have = set(Organisation.objects.filter(org_id__in=wanted).values_list("org_id", flat=True))
    missing = [i for org_id, i in wanted.items() if org_id not in have]
    if not missing:
        return 0
    bodies = list(PolicingBody.objects.order_by("slug"))
    categories = list(ServiceCategory.objects.order_by("slug"))
    groups = list(VictimGroup.objects.order_by("slug"))
    stored = stored_file_create_generated(
        content=PDF, filename="scale-document.pdf", content_type="application/pdf"
    )
    today = timezone.localdate()
    now = timezone.now()
    for start in range(0, len(missing), BATCH):
        batch = missing[start : start + BATCH]
        rngs = {i: random.Random(f"{seed}:{i}") for i in batch}
        organisations = Organisation.objects.bulk_create(
            [_organisation(i, rngs[i], now) for i in batch]
        )
        _relations(organisations, batch, rngs, bodies, categories, groups)
        _people(organisations, batch, now)
        _documents(organisations, batch, rngs, stored, today, now)
        organisation_search_vector_update(organisation_ids=[o.pk for o in organisations])
        due_diligence_refresh(
            Organisation.objects.filter(pk__in=[o.pk for o in organisations]), today=today
        )
    return len(missing)


def _organisation(i, rng, now):
    legal_form = rng.choice(list(LegalForm))
    name = f"{rng.choice(NAME_WORDS)} {rng.choice(NAME_WORDS)} {rng.choice(NAME_KINDS)} {i}"
    description = ". ".join(rng.sample(PHRASES, 2)).capitalize() + "."
    return Organisation(
        name=name,
        legal_form=legal_form,
        org_id=f"GB-CHC-{FIRST_NUMBER + i}",
        address_line_1=f"{1 + i % 200} Scale Street",
        town=rng.choice(TOWNS),
        postcode=f"BS{1 + i % 40} {i % 10}ZZ",
        website=f"https://{PREFIX}{i}.example.org",
        description=description,
        income_band=rng.choice(list(IncomeBand)),
        safeguarding_lead_name=f"Lead {i}",
        safeguarding_lead_email=f"{PREFIX}lead-{i}@scale.example",
        registered_at=now - datetime.timedelta(days=rng.randrange(0, 900)),
    )


def _relations(organisations, batch, rngs, bodies, categories, groups):
    Areas = Organisation.areas_served.through  # noqa: N806
    Categories = Organisation.service_categories.through  # noqa: N806
    Groups = Organisation.victim_groups.through  # noqa: N806
    areas, services, served, identifiers = [], [], [], []
    for organisation, i in zip(organisations, batch, strict=True):
        rng = rngs[i]
        areas += [
            Areas(organisation_id=organisation.pk, policingbody_id=b.pk)
            for b in rng.sample(bodies, rng.randint(1, 3))
        ]
        services += [
            Categories(organisation_id=organisation.pk, servicecategory_id=c.pk)
            for c in rng.sample(categories, rng.randint(1, 4))
        ]
        served += [
            Groups(organisation_id=organisation.pk, victimgroup_id=g.pk)
            for g in rng.sample(groups, rng.randint(0, 3))
        ]
        # Every scale organisation holds the charity number in its org-id (whatever its
        # legal form: the registry only reads it).
        identifiers.append(
            OrganisationIdentifier(
                organisation_id=organisation.pk,
                kind=Identifier.CHARITY_NUMBER,
                scheme=IdentifierScheme.CHARITY_COMMISSION,
                value=str(FIRST_NUMBER + i),
            )
        )
    Areas.objects.bulk_create(areas)
    Categories.objects.bulk_create(services)
    Groups.objects.bulk_create(served)
    OrganisationIdentifier.objects.bulk_create(identifiers)


def _people(organisations, batch, now):
    emails = [f"{PREFIX}member-{i}-{n}@scale.example" for i in batch for n in range(2)]
    existing = {u.email: u for u in User.objects.filter(email__in=emails).only("pk", "email")}
    new = [
        User(email=email, full_name=f"Member {email.split('-')[2]}", password=UNUSABLE)
        for email in emails
        if email not in existing
    ]
    for user in User.objects.bulk_create(new):
        existing[user.email] = user
    members = []
    for organisation, i in zip(organisations, batch, strict=True):
        for n, role in enumerate((MemberRole.ADMINISTRATOR, MemberRole.EDITOR)):
            user = existing[f"{PREFIX}member-{i}-{n}@scale.example"]
            members.append(
                OrganisationMember(
                    organisation_id=organisation.pk, user_id=user.pk, role=role, joined_at=now
                )
            )
    OrganisationMember.objects.bulk_create(members)


def _documents(organisations, batch, rngs, stored, today, now):
    documents = []
    for organisation, i in zip(organisations, batch, strict=True):
        rng = rngs[i]
        for kind in documents_required(organisation.legal_form):
            if rng.random() < 0.05:
                continue  # missing
            # Mostly in date; some expiring or out of date.
            dated = today - datetime.timedelta(days=rng.randrange(0, 500))
            if kind in ("insurance", "data-protection"):
                dated = today + datetime.timedelta(days=rng.randrange(-40, 400))
            documents.append(
                DueDiligenceDocument(
                    organisation_id=organisation.pk,
                    kind=kind,
                    file=stored,
                    document_date=dated,
                    valid_until=valid_until(kind, dated),
                    uploaded_at=now,
                )
            )
    DueDiligenceDocument.objects.bulk_create(documents)


def pages():
    """The registry as office staff use it, from the seeded data."""
    staff = Role.COMMISSIONING_OFFICER.value
    found = [
        # A common word: many matches to rank and count.
        ("registry search", "/registry/?" + urlencode({"q": "victims"}), staff),
        (
            "registry filtered",
            "/registry/?"
            + urlencode(
                {
                    "q": "support",
                    "category": _first_category_slug(),
                    "area": "avon-and-somerset",
                    "due_diligence": "complete",
                    "sort": "name",
                }
            ),
            staff,
        ),
        ("registry all, page 2", "/registry/?page=2", staff),
        # The last page the unfiltered list offers: OFFSET skips every row before it, so
        # per-row work done before the LIMIT would run for all of them.
        ("registry last page", f"/registry/?page={_last_page()}", staff),
    ]
    middle = Organisation.objects.filter(org_id__startswith="GB-CHC-").order_by("pk")
    count = middle.count()
    numbered = middle[count // 2] if count else None
    if numbered is not None:
        # Exact numbers are looked up through their indexes, apart from the word search.
        found += [
            ("registry org id", "/registry/?" + urlencode({"q": numbered.org_id}), staff),
            (
                "registry charity number",
                "/registry/?" + urlencode({"q": numbered.org_id.removeprefix("GB-CHC-")}),
                staff,
            ),
        ]
    organisation = (
        Organisation.objects.annotate(documents_count=Count("documents"))
        .order_by("-documents_count", "pk")
        .first()
    )
    if organisation is not None:
        found.append(("provider page", f"/registry/{organisation.pk}/", staff))
    return found


def _last_page():
    """The last page the registry's unfiltered list links to (its count stops at
    COUNT_LIMIT, so at 5,000 providers and at 50,000 it is the same page)."""
    shown = min(Organisation.objects.count(), COUNT_LIMIT)
    return max(math.ceil(shown / PAGE_SIZE), 1)


def _first_category_slug():
    category = ServiceCategory.objects.order_by("slug").first()
    return category.slug if category else ""
