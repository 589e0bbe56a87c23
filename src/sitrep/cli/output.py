"""Writing a command's output file safely: checked before the slow work, written beside the target
and renamed into place, so a crash or a full disk never leaves half a file."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO, TextIO

from ..errors import InputError


def check_output(output: Path) -> None:
    """Refuse an output path that cannot be written, before any work is done."""
    if output.is_dir():
        raise InputError(f"cannot write {output}: is a directory")
    directory = output.resolve().parent
    if not directory.is_dir():
        raise InputError(f"cannot write {output}: folder {directory} does not exist")


@contextlib.contextmanager
def _replacing(output: Path) -> Iterator[int]:
    """Yield a descriptor of a temporary file beside ``output``; rename it into place on success."""
    check_output(output)
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{output.name}.", dir=output.resolve().parent)
        yield fd
        os.replace(tmp, output)
        tmp = None
    except OSError as exc:  # a read-only folder or a full disk: the user's to fix, not a bug
        raise InputError(f"cannot write {output}: {(exc.strerror or str(exc)).lower()}") from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def write_atomically(output: Path, write: Callable[[TextIO], int | None]) -> int | None:
    """Call ``write`` on a temporary text file beside ``output``, then rename it into place.

    Returns:
        What ``write`` returned.

    Raises:
        InputError: the folder is missing or read-only, the disk is full, and the like.
    """
    with _replacing(output) as fd, os.fdopen(fd, "w", encoding="utf-8", newline="") as fp:
        return write(fp)


def write_bytes_atomically(output: Path, write: Callable[[BinaryIO], int | None]) -> int | None:
    """As :func:`write_atomically`, for a binary format (Parquet)."""
    with _replacing(output) as fd, os.fdopen(fd, "wb") as fp:
        return write(fp)
