"""Let the tests import the format from ``src`` when the distribution is not installed."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "src"))
