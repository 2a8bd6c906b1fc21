"""One flat row of the participant extract, as a naive Django import would store it."""

from django.db import models


class ParticipantRow(models.Model):
    nik = models.CharField(max_length=32)
    nama = models.CharField(max_length=200)
    segmen = models.CharField(max_length=16)
    status = models.CharField(max_length=16)
    npp = models.CharField(max_length=16, blank=True)
    kode_kelurahan = models.CharField(max_length=16)
    rw = models.CharField(max_length=8)
    sponsor = models.CharField(max_length=100, blank=True)
    tanggal_daftar = models.CharField(max_length=10)

    def __str__(self) -> str:
        return self.nik
