"""The one door through which the funds app masks personal data (条例 第十五条).

Every masked name and ID number the app shows comes from here, so the project's one masking
rule (today `confidentiality.masking`) is imported in this module only; when that rule moves,
this import is the line to repoint.
"""

from confidentiality.masking import mask_id_number, mask_name

__all__ = ["mask_id_number", "mask_name"]
