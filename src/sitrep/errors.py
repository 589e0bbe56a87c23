"""One exception hierarchy for sitrep, translated to a one-line message at the CLI boundary."""

from __future__ import annotations


class SitrepError(Exception):
    """Base class for every error sitrep raises on purpose."""


class InputError(SitrepError):
    """An input (file, record, option value) cannot be read or is invalid.

    Args:
        message: what is wrong, in words a user understands.
        source: the file (and line, where known) the problem comes from.
    """

    def __init__(self, message: str, source: str | None = None) -> None:
        self.source = source
        super().__init__(f"{source}: {message}" if source else message)


class PipelineError(SitrepError):
    """A pipeline step failed or the pipeline was assembled wrongly."""


class DataError(SitrepError):
    """A bundled or user-supplied data file (lexicon, gazetteer) is malformed."""


class GeoError(SitrepError):
    """The gazetteer cannot be built, loaded or queried."""


class ExportError(SitrepError):
    """Events cannot be written in the requested format."""


class StoreError(SitrepError):
    """The event store cannot be opened, migrated, read or written."""


class NotFoundError(StoreError):
    """The store holds no event or article with the id asked for."""


class FetchError(SitrepError):
    """A page or feed could not be fetched safely (refused address, timeout, too large, bad type...).

    Args:
        message: what went wrong, on one line.
        transient: ``True`` when trying again later may work (a timeout, a 5xx answer, a dropped
            connection); ``False`` when it will not (a refused address, a 404, a wrong content type).
    """

    def __init__(self, message: str, transient: bool = False) -> None:
        self.transient = transient
        super().__init__(message)


class ClusterError(SitrepError):
    """The Dask cluster for ``sitrep batch`` cannot be reached, started or used."""
