import sys

from mpbridge.conformance.matrix import main

sys.exit(main())
