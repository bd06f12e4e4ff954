package dev.agentrelay.core.testing;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Optional;

/** A server someone else runs, named by RELAY_TEST_PG_URL; its user must be allowed to CREATE DATABASE. */
final class ExternalServer implements PostgresServer {

  static final String URL = "RELAY_TEST_PG_URL";
  static final String USER = "RELAY_TEST_PG_USER";
  static final String PASSWORD = "RELAY_TEST_PG_PASSWORD";

  private final String authority;
  private final String database;
  private final String query;
  private final Login login;

  private ExternalServer(String authority, String database, String query, Login login) {
    this.authority = authority;
    this.database = database;
    this.query = query;
    this.login = login;
  }

  /**
   * The server RELAY_TEST_PG_URL names ({@code postgresql://host:port/db} or {@code jdbc:postgresql://…}; the database
   * is where CREATE DATABASE runs, {@code postgres} when the URL names none), or empty when it is unset.
   */
  static Optional<ExternalServer> fromEnvironment(Map<String, String> env) {
    String url = env.getOrDefault(URL, "").strip();
    if (url.isEmpty()) {
      return Optional.empty();
    }
    URI uri = parse(url);
    String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceFirst("^/", "");
    Login login = new Login(env.getOrDefault(USER, "postgres"), env.getOrDefault(PASSWORD, ""));
    return Optional.of(new ExternalServer(uri.getRawAuthority(), path.isEmpty() ? "postgres" : path,
        uri.getRawQuery(), login));
  }

  private static URI parse(String url) {
    String withoutJdbc = url.startsWith("jdbc:") ? url.substring("jdbc:".length()) : url;
    try {
      URI uri = new URI(withoutJdbc);
      if (!("postgresql".equals(uri.getScheme()) || "postgres".equals(uri.getScheme()))
          || uri.getRawAuthority() == null) {
        throw new URISyntaxException(url, "not a postgresql://host:port/database URL");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new IllegalStateException(URL + " must look like postgresql://host:5432/postgres, not '" + url + "'", e);
    }
  }

  @Override
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://" + authority + "/" + database + (query == null ? "" : "?" + query);
  }

  @Override
  public String adminDatabase() {
    return database;
  }

  @Override
  public Login admin() {
    return login;
  }

  @Override
  public boolean ownedByTests() {
    return false;
  }

  @Override
  public String description() {
    return "the server " + URL + " names (" + authority + ", user " + login.user() + ")";
  }

  @Override
  public void stop() {
    // someone else's server: it keeps running
  }
}
