"""Reference data shipped with the code and loaded by migrations.

Every app may have a `reference.py` like this one with `ensure()`: its migrations' data step
loads the rows, and `ensure()` puts them back when a transactional test has flushed them
(tests/conftest.py calls it for every app, in the app registry's order).
"""

import csv
import datetime
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def policing_body_rows():
    with (DATA_DIR / "policing_bodies.csv").open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            yield {
                "slug": row["slug"],
                "code": row["code"],
                "police_area": row["police_area"],
                "name": row["body"],
                "kind": row["kind"],
                "country": row["country"],
                "ons_code": row["ons_pfa_code"],
            }


def load_policing_bodies(model):
    """Create or update the 43 bodies; `model` is the real or the historical model."""
    for row in policing_body_rows():
        model.objects.update_or_create(slug=row["slug"], defaults=row)


# PCCs took over commissioning most local victims' services on 1 October 2014; these stayed
# with the Ministry of Justice (seeds 000 and 001). Site administrators edit the dates in the
# admin when a service's commissioning changes.
LOCAL_VICTIMS_COMMISSIONING_BEGAN = datetime.date(2014, 10, 1)

# (slug, name, area, national) in the order pages list them (DESIGN.md section 3a).
SERVICE_CATEGORIES = [
    ("information-and-advice", "Victims' information and advice", "victims", False),
    ("advocacy", "Advocacy (IDVA, ISVA)", "victims", False),
    ("refuges-and-safe-accommodation", "Refuges and safe accommodation", "victims", False),
    ("financial-support", "Financial support and guidance", "victims", False),
    ("security-measures", "Security measures and target hardening", "victims", False),
    ("counselling-and-therapy", "Counselling and therapy", "victims", False),
    ("trauma-treatment", "Trauma (PTSD) treatment", "victims", False),
    ("peer-support", "Peer support", "victims", False),
    ("restorative-justice", "Restorative justice", "victims", False),
    ("crime-prevention", "Crime prevention", "community-safety", False),
    (
        "reducing-reoffending",
        "Reducing reoffending and offender management",
        "community-safety",
        False,
    ),
    ("drugs-and-alcohol", "Drugs and alcohol", "community-safety", False),
    ("anti-social-behaviour", "Anti-social behaviour", "community-safety", False),
    ("youth-diversion", "Youth diversion", "community-safety", False),
    ("road-safety", "Road safety", "community-safety", False),
    ("homicide-bereavement-support", "Homicide bereavement support", "victims", True),
    ("human-trafficking-support", "Support for victims of human trafficking", "victims", True),
    ("rape-support-centres", "Rape support centres", "victims", True),
    ("witness-service", "Court-based witness service", "victims", True),
]

# (slug, name) in the order pages list them (DESIGN.md section 3a).
VICTIM_GROUPS = [
    ("domestic-abuse", "Domestic abuse (including coercive control, victims aged 16 and over)"),
    ("sexual-violence", "Sexual violence"),
    ("children-and-young-people", "Children and young people"),
    ("older-people", "Older people"),
    ("hate-crime", "Hate crime"),
    ("modern-slavery", "Modern slavery"),
    ("fraud-and-cyber-crime", "Fraud and cyber crime"),
    ("bereaved-families", "Bereaved families"),
    ("disabled-victims", "Disabled victims"),
    ("anti-social-behaviour", "Anti-social behaviour"),
]


def load_service_categories(model):
    """Create the categories that are missing; `model` is the real or the historical model.

    Site administrators may rename, reorder or re-date categories, so an existing row is
    left exactly as they made it (unlike the policing bodies, which only we change).
    """
    for ordering, (slug, name, area, national) in enumerate(SERVICE_CATEGORIES, start=1):
        model.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "area": area,
                "is_national": national,
                "national_from": LOCAL_VICTIMS_COMMISSIONING_BEGAN if national else None,
                "ordering": ordering * 10,
            },
        )


def load_victim_groups(model):
    """Create the groups that are missing, leaving administrators' edits alone."""
    for ordering, (slug, name) in enumerate(VICTIM_GROUPS, start=1):
        model.objects.get_or_create(slug=slug, defaults={"name": name, "ordering": ordering * 10})


def ensure():
    """Reload reference rows that a transactional test's flush removed."""
    from core.models import PolicingBody, ServiceCategory, VictimGroup

    if not PolicingBody.objects.exists():
        load_policing_bodies(PolicingBody)
    if not ServiceCategory.objects.exists():
        load_service_categories(ServiceCategory)
    if not VictimGroup.objects.exists():
        load_victim_groups(VictimGroup)
