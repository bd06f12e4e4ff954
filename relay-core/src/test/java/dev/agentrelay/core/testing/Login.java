package dev.agentrelay.core.testing;

/** A PostgreSQL role and its password ("" when the server asks for none). */
record Login(String user, String password) {
}
