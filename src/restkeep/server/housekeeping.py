"""Work each worker does in the background, at start-up and then periodically: removing what uploads
and Catalog imports whose process died left behind (staged files; rows hidden under a reserved id
range). Every step is safe to run in several processes at once."""

from __future__ import annotations

import asyncio
import logging

from restkeep.server.catalog import staging
from restkeep.server.context import Services

log = logging.getLogger("restkeep.server")
INTERVAL_SECONDS = 60.0


async def housekeeping(services: Services, interval: float = INTERVAL_SECONDS) -> None:
    """Run until cancelled; a failing step is logged and tried again at the next round."""
    while True:
        try:
            if services.settings.dev:  # leases follow the virtual clock too
                await services.dev.sync()
            removed = await services.artifact_versions.sweep_staging()
            if removed:
                log.info("removed %d staged upload file(s) left by uploads that did not finish", removed)
            abandoned = await staging.sweep(services.store)
            if abandoned:
                log.info("removed the rows of %d Catalog import(s) that did not finish", abandoned)
        except Exception:  # the next round tries again; serving goes on
            log.exception("housekeeping failed")
        await asyncio.sleep(interval)
