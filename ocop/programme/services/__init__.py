"""Business actions of the programme, one module per part (`<noun>_<verb>`, audited)."""
