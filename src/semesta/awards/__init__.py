"""The Paritrana Award: cycles, categories, frozen indicators, scores, rankings and dossiers."""
