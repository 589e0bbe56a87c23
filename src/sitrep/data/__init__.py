"""Bundled data files: lexicons, taxonomy tables and gazetteer supplements (TSV/YAML)."""
