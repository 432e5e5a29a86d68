"""Reference data shipped with the code and loaded by migrations."""

import csv
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


def ensure_reference_data():
    """Reload reference rows that a transactional test's flush removed."""
    from core.models import PolicingBody

    if not PolicingBody.objects.exists():
        load_policing_bodies(PolicingBody)
