"""Fill the registry's search vector for organisations registered before it existed.

The SQL is copied (not imported) from providers.registry.services so that this migration
keeps meaning what it meant when written.
"""

from django.db import migrations

FILL = """
UPDATE providers_organisation AS o SET search_vector =
    setweight(to_tsvector('english', o.name), 'A')
    || setweight(to_tsvector('english', o.description), 'B')
    || setweight(to_tsvector('english', coalesce((
        SELECT string_agg(c.name, ' ')
        FROM providers_organisation_service_categories AS oc
        JOIN core_servicecategory AS c ON c.id = oc.servicecategory_id
        WHERE oc.organisation_id = o.id
    ), '')), 'C')
"""


class Migration(migrations.Migration):
    dependencies = [("providers", "0003_registry")]

    operations = [migrations.RunSQL(FILL, migrations.RunSQL.noop)]
