"""Pages of the programme, one module per part."""
