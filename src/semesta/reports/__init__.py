"""Monitoring (Monev) reports per kecamatan, city and province, as PDF and XLSX."""
