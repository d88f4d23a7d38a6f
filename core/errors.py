"""One root exception for medkg; specific subclasses say what went wrong."""


class MedkgError(Exception):
    """Root of every error medkg raises on purpose; the CLI prints its message and exits non-zero."""


class ServerError(MedkgError):
    """medkg's own Neo4j could not be built, started, reached or stopped."""


class ConnectionFailed(MedkgError):
    """A Neo4j server (own or external) did not answer, or refused the credentials."""


class Neo4jUnavailable(ConnectionFailed):
    """Neo4j stopped answering during a job and did not come back within the retry time; the job stopped."""


class BadInput(MedkgError):
    """A document or record could not be read; the message names the document and the problem."""


class DiskFull(MedkgError):
    """No space left on a device while writing; the message names what could not be written and what to do."""


class DataMissing(MedkgError):
    """The public data sets medkg builds from are not where the settings say; the message names the folder."""
