"""Semesta's analytical engine: pure functions over the Parquet snapshot store, no Django.

Tables go in (snapshots, regions, workforce figures, targets) and tables come out (coverage
facts), so the same computation can later run elsewhere over the same Parquet files.
"""
