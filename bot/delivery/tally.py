"""The innovations' tally folded every minute, and once at start (see `storage.tally`).

The dashboard's figures are right without it (they add the changes not folded yet); folding
keeps what they add small. Several instances may fold at once: each change is folded once."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from storage import tally
from storage.database import StorageError

logger = logging.getLogger(__name__)

EVERY = timedelta(minutes=1)
STARTUP_JOB = "startup:tally"
JOB = "tally:compact"


def install(application: Any) -> None:
    job_queue = application.job_queue
    assert job_queue is not None
    job_queue.run_once(compact, 0, name=STARTUP_JOB, job_kwargs={"misfire_grace_time": None})
    job_queue.run_repeating(
        compact,
        interval=EVERY,
        first=EVERY,
        name=JOB,
        job_kwargs={"misfire_grace_time": None, "coalesce": True, "max_instances": 1},
    )


async def compact(context: Any) -> None:
    try:
        folded = await tally.compact(context.application.bot_data.database)
    except (SQLAlchemyError, StorageError, OSError) as exc:  # the next round tries again
        logger.warning("the innovations' tally was not compacted: %s", type(exc).__name__)
        return
    if folded:
        logger.debug("the innovations' tally: %d changes folded", folded)
