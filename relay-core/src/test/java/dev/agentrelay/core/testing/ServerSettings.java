package dev.agentrelay.core.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The configuration of a PostgreSQL server that the tests start, whatever its binaries come from. */
final class ServerSettings {

  /** Loopback only: the superuser without a password for the test harness, every other role by its password. */
  private static final String PG_HBA = """
      # written by TestPostgres
      local all all                    trust
      host  all postgres 127.0.0.1/32  trust
      host  all postgres ::1/128       trust
      host  all all      127.0.0.1/32  scram-sha-256
      host  all all      ::1/128       scram-sha-256
      """;

  private ServerSettings() {
  }

  /**
   * Sized for a 2-core test machine running many test relays, each with its own connection pool. Durability stays
   * as in production (fsync and synchronous_commit on) so that tests and benchmarks measure the real commit path.
   */
  static Map<String, String> values() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("max_connections", "300");
    values.put("shared_buffers", "64MB");
    values.put("fsync", "on");
    values.put("synchronous_commit", "on");
    values.put("timezone", "UTC");
    return values;
  }

  /** Replaces the pg_hba.conf that initdb wrote in the data directory. */
  static void writeHostBasedAuthentication(Path dataDirectory) throws IOException {
    Files.writeString(dataDirectory.resolve("pg_hba.conf"), PG_HBA);
  }

  /** Appends {@link #values()} and the listening settings to postgresql.conf (later lines win). */
  static void appendToConfiguration(Path dataDirectory, Path socketDirectory) throws IOException {
    StringBuilder lines = new StringBuilder("\n# written by TestPostgres\n");
    lines.append("listen_addresses = '127.0.0.1'\n");
    lines.append("unix_socket_directories = '").append(socketDirectory).append("'\n");
    values().forEach((name, value) -> lines.append(name).append(" = '").append(value).append("'\n"));
    Files.writeString(dataDirectory.resolve("postgresql.conf"),
        Files.readString(dataDirectory.resolve("postgresql.conf")) + lines);
  }
}
