"""Nothing to set up: `pip install restkeep` brings the `restkeep` fixtures (see ../../docs/testing.md).
The scripts live beside this file; the tests import them."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
