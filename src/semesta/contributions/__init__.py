"""Contributions (iuran) of BPJS Ketenagakerjaan, computed from the dated rules in force."""
