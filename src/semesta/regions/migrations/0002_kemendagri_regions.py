"""Load DKI Jakarta's province, kota, kecamatan and kelurahan from the shipped Kemendagri data."""

from django.db import migrations


def load(apps, schema_editor):
    from semesta.regions.services import load_kemendagri_regions

    load_kemendagri_regions(apps.get_model("regions", "Region"))


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
