"""The shared cache's table (settings.SHARED_CACHE_TABLE): API throttle counts and score-page counts that every
process must see. Made here so `migrate` (tests, `make run`, the release step) creates it wherever the database
cache is used; with Redis configured it stays empty."""

from django.core.management import call_command
from django.db import migrations

TABLE = "shared_cache"  # settings.SHARED_CACHE_TABLE; a test checks they agree


def create_table(apps, schema_editor):
    call_command("createcachetable", TABLE, database=schema_editor.connection.alias, verbosity=0)


def drop_table(apps, schema_editor):
    schema_editor.execute(schema_editor.sql_delete_table % {"table": schema_editor.quote_name(TABLE)})


class Migration(migrations.Migration):
    dependencies = [("assessments", "0009_run_lifecycle")]

    operations = [migrations.RunPython(create_table, drop_table)]
