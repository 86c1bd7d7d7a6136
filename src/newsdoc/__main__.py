"""``python -m newsdoc``: the command line."""

import sys

from newsdoc._cli import main

sys.exit(main())
