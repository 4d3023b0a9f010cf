import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("assessments", "0011_portfolio"),
    ]

    operations = [
        migrations.AddField(
            model_name="portfolioplan",
            name="updated_at",
            field=models.DateTimeField(auto_now=True),
        ),
    ]
