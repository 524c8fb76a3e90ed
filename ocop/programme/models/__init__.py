"""The programme's records, one module per part; everything is re-exported here."""

from .followup import *  # noqa: F401,F403
from .support import *  # noqa: F401,F403
from .training import *  # noqa: F401,F403
