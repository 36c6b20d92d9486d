"""Places of Sachsen-Anhalt and the concrete authority for a place: the front door other packages use.

``PlaceDirectory`` finds places (ARS, AGS, PLZ, autocomplete, free text); ``resolve_authority`` turns an
authority type and a place into the responsible office with its two citations. No FastAPI imports here.
"""

from assistant.places.directory import PlaceDirectory
from assistant.places.models import LocalAuthority, Place, PlaceMention
from assistant.places.resolve import candidate_list, resolve_authority

__all__ = ["LocalAuthority", "Place", "PlaceDirectory", "PlaceMention", "candidate_list", "resolve_authority"]
