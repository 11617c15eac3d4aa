"""``python -m toolchain.slides``: the lecture as offline slides (see ``toolchain.slides``)."""
from toolchain.slides import main

raise SystemExit(main())
