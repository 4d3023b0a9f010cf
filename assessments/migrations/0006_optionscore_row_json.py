"""Each score row keeps the JSON the API sends for it, encoded once (assessments/domain/score_row_json.py).

Rows stored before this migration get theirs from their own columns, in batches so a large table
is never held in memory at once.
"""

from django.db import migrations, models

from assessments.domain.score_row_json import SCORE_ROW_FIELDS, score_row_json

BATCH = 2000


def encode_stored_rows(apps, schema_editor):
    OptionScore = apps.get_model("assessments", "OptionScore")
    pending = OptionScore.objects.using(schema_editor.connection.alias).filter(row_json="").order_by("pk")
    last_pk = 0
    while True:
        batch = list(pending.filter(pk__gt=last_pk).only("pk", "function", *SCORE_ROW_FIELDS[1:])[:BATCH])
        if not batch:
            return
        for score in batch:
            score.row_json = score_row_json({name: getattr(score, name) for name in SCORE_ROW_FIELDS})
        OptionScore.objects.using(schema_editor.connection.alias).bulk_update(batch, ["row_json"])
        last_pk = batch[-1].pk


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0005_report_runs"),
    ]

    operations = [
        migrations.AddField(
            model_name="optionscore",
            name="row_json",
            field=models.TextField(default="", editable=False),
            preserve_default=False,
        ),
        migrations.RunPython(encode_stored_rows, migrations.RunPython.noop, elidable=True),
    ]
