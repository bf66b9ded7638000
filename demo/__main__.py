"""``python -m demo``: start the six demo portals (see :mod:`demo.launcher`)."""

from demo.launcher import main

raise SystemExit(main())
