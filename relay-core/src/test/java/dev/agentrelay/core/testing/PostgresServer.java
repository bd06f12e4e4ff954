package dev.agentrelay.core.testing;

/** A running PostgreSQL server on which the tests create their databases. */
interface PostgresServer {

  /** The JDBC URL of one database on this server. */
  String jdbcUrl(String database);

  /** The database the admin connects to when it creates the others. */
  String adminDatabase();

  /** A role that may CREATE DATABASE (and CREATE ROLE on a server the tests own). */
  Login admin();

  /**
   * True when the tests started this server and throw it away at the end: they give the relay its own
   * password-checked role. False for a server someone else runs, whose databases are dropped at the end.
   */
  boolean ownedByTests();

  /** What runs, for the startup line and failure messages. */
  String description();

  void stop();
}
