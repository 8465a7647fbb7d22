"""Input formats of the failure classifier: each maps one accepted JSON shape onto `FailureRecord`."""
