"""Bench-only Django app: the django-import-export baseline of scripts/bench_import.py."""
