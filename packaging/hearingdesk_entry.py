"""Entry point of the one-folder app: `hearingdesk` alone starts the GUI, with arguments the CLI."""

import time

STARTED_AT = time.perf_counter()  # the startup benchmark's first mark inside the process

if __name__ == "__main__":
    import multiprocessing

    multiprocessing.freeze_support()
    from app.main import main

    raise SystemExit(main())
