"""The registry's due-diligence status as a column on the organisation (providers.due_diligence),
filled for the organisations registered before it existed.

The rule is copied (not imported) from providers.due_diligence and providers.documents as
it stood when this was written, so that the migration keeps meaning what it meant: the
documents each legal form needs, "expiring" within 30 days, and the day in London.
"""

from django.db import migrations, models

# Every kind, for the legal forms not listed in `required` below.
FILL = """
WITH today AS (SELECT (now() AT TIME ZONE 'Europe/London')::date AS day),
every_kind(kinds) AS (
    VALUES (ARRAY['governing-document', 'accounts', 'safeguarding-policy', 'insurance',
                  'data-protection', 'equality-policy']::varchar[])
),
required(legal_form, kinds) AS (
    VALUES ('statutory-body', ARRAY['safeguarding-policy', 'insurance']::varchar[]),
           ('community-group', ARRAY['governing-document', 'accounts', 'safeguarding-policy',
                                     'insurance']::varchar[])
),
computed AS (
    SELECT o.id,
        CASE
            WHEN count(d.id) < cardinality(coalesce(r.kinds, (SELECT kinds FROM every_kind)))
                THEN 'missing'
            WHEN min(d.valid_until) < (SELECT day FROM today) THEN 'out-of-date'
            WHEN min(d.valid_until) <= (SELECT day FROM today) + 30 THEN 'expiring'
            ELSE 'complete'
        END AS status,
        min(d.valid_until) FILTER (WHERE d.valid_until >= (SELECT day FROM today)) AS next_end
    FROM providers_organisation AS o
    LEFT JOIN required AS r ON r.legal_form = o.legal_form
    LEFT JOIN providers_duediligencedocument AS d
        ON d.organisation_id = o.id
        AND d.replaced_at IS NULL
        AND d.kind = ANY(coalesce(r.kinds, (SELECT kinds FROM every_kind)))
    GROUP BY o.id, r.kinds
)
UPDATE providers_organisation AS o
SET due_diligence = computed.status, due_diligence_next_end = computed.next_end
FROM computed
WHERE computed.id = o.id
"""


class Migration(migrations.Migration):
    dependencies = [("providers", "0005_registry_postcode_prefix")]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="due_diligence",
            field=models.CharField(
                choices=[
                    ("complete", "Complete and in date"),
                    ("expiring", "Expiring within 30 days"),
                    ("out-of-date", "Out of date"),
                    ("missing", "Missing documents"),
                ],
                default="missing",
                editable=False,
                max_length=20,
                verbose_name="due diligence",
            ),
        ),
        migrations.AddField(
            model_name="organisation",
            name="due_diligence_next_end",
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
        migrations.AddIndex(
            model_name="organisation",
            index=models.Index(
                fields=["due_diligence", "name", "id"], name="providers_org_due_diligence"
            ),
        ),
        migrations.AddIndex(
            model_name="organisation",
            index=models.Index(fields=["due_diligence_next_end"], name="providers_org_dd_next_end"),
        ),
    ]
