"""Running the OCOP programme: plans, targets and progress, inspections after recognition,
misuse reports, training, support for promising products and follow-up by units."""
