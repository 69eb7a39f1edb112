import sys

from mpbridge.runner.cli import main

sys.exit(main())
