"""Opening a Neo4j driver with clear errors. The library never creates drivers elsewhere: callers pass them in."""

from __future__ import annotations

from neo4j import Driver, GraphDatabase
from neo4j.exceptions import AuthError, ConfigurationError, ServiceUnavailable

from core.errors import ConnectionFailed
from core.settings import Settings


def open_driver(settings: Settings, verify: bool = True) -> Driver:
    """A driver for the configured Neo4j (NEO4J_URI, else medkg's own); checked once unless ``verify`` is False."""
    uri = settings.bolt_uri
    try:
        driver = GraphDatabase.driver(
            uri, auth=(settings.neo4j_user, settings.neo4j_password), connection_timeout=10,
            max_transaction_retry_time=15,
            # "property key not in the database" warnings: optional properties (e.g. a ledger field) on a fresh
            # store are expected, not news for the user's console.
            notifications_disabled_categories=["UNRECOGNIZED"],
        )
    except (ConfigurationError, ValueError) as error:
        raise ConnectionFailed(f"cannot use Neo4j URI {uri!r}: {error}") from error
    if verify:
        try:
            driver.verify_connectivity()
        except AuthError as error:
            driver.close()
            raise ConnectionFailed(
                f"Neo4j at {uri} refused user {settings.neo4j_user!r}: wrong user or password "
                f"(set NEO4J_USER / NEO4J_PASSWORD)."
            ) from error
        except (ServiceUnavailable, OSError) as error:
            driver.close()
            hint = "start it with `medkg db start`" if not settings.uses_external_neo4j else "check NEO4J_URI"
            raise ConnectionFailed(f"Neo4j at {uri} is not answering ({error}); {hint}.") from error
    return driver
