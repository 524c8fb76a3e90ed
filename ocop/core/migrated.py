"""Whether a ``post_migrate`` handler may write: the migrated state has the current models."""

from __future__ import annotations


def models_migrated(apps, models) -> bool:
    """True when every model of ``models`` exists in the migrated state ``apps`` (the state a
    ``post_migrate`` signal carries) with exactly the fields of the current model; False during
    a partial migration, when writing through the current models would fail."""
    for model in models:
        try:
            state = apps.get_model(model._meta.label)
        except LookupError:
            return False
        if {f.attname for f in state._meta.concrete_fields} != {
            f.attname for f in model._meta.concrete_fields
        }:
            return False
    return True
