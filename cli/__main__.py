"""``python -m cli …``: the same as the console script ``lsa-assistant …``."""

import sys

from cli.main import main

sys.exit(main())
