"""The programme's records, one module per part; everything is re-exported here."""
