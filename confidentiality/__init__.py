"""The confidentiality check (保密审查): the scanner, masking, sensitive terms, scan records.

The scanner's entry points are in `confidentiality.scanner`; this package itself stays empty so
that Django can load the app before the models are ready.
"""
