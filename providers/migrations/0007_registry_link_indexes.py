"""Indexes on the registry's link tables by what they link to, then the organisation.

The registry's services, victim groups and areas filters intersect the organisation ids
each allows (providers.filters.RegistryFilter.filter_queryset). Django's own indexes on
these tables are on one column each, so each side read the table's rows (618 and 795
pages for one area and one service at 50,000 providers); with the organisation in the
index they are index-only scans. Django makes these tables itself (many-to-many fields),
so the indexes are SQL here rather than `Meta.indexes`.
"""

from django.db import migrations

LINKS = [
    ("providers_organisation_areas_served", "policingbody_id", "providers_org_areas_link"),
    (
        "providers_organisation_service_categories",
        "servicecategory_id",
        "providers_org_categories_link",
    ),
    ("providers_organisation_victim_groups", "victimgroup_id", "providers_org_groups_link"),
]


class Migration(migrations.Migration):
    dependencies = [("providers", "0006_due_diligence_status")]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX {name} ON {table} ({column}, organisation_id)",
            f"DROP INDEX {name}",
        )
        for table, column, name in LINKS
    ]
