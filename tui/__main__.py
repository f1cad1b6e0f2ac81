"""`python -m tui` runs the `annotator` command."""

import sys

from tui.cli import main

sys.exit(main())
