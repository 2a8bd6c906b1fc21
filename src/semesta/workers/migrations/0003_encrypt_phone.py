"""Roster phone numbers encrypted at rest, like the NIKs: the column widens and existing rows
are encrypted (the field encrypts on write and reads unencrypted rows as they are)."""

from django.db import migrations

import semesta.workers.models


def encrypt_existing(apps, schema_editor):
    from semesta.workers.models import FERNET_PREFIX, encrypt_phone

    worker = apps.get_model("workers", "RosterWorker")
    table = worker._meta.db_table
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT id, phone FROM {table} WHERE phone <> ''")  # noqa: S608
        rows = [
            (pk, phone) for pk, phone in cursor.fetchall() if not phone.startswith(FERNET_PREFIX)
        ]
        cursor.executemany(
            f"UPDATE {table} SET phone = %s WHERE id = %s",  # noqa: S608
            [(encrypt_phone(phone), pk) for pk, phone in rows],
        )


class Migration(migrations.Migration):
    dependencies = [("workers", "0002_roster_status")]

    operations = [
        migrations.AlterField(
            model_name="rosterworker",
            name="phone",
            field=semesta.workers.models.EncryptedPhoneField(
                blank=True, help_text="Encrypted at rest."
            ),
        ),
        migrations.RunPython(encrypt_existing, migrations.RunPython.noop),
    ]
