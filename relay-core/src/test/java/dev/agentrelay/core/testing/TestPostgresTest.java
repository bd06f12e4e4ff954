package dev.agentrelay.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestPostgresTest {

  @Test
  void givesEachCallerItsOwnDatabase() throws SQLException {
    TestPostgres.Database first = TestPostgres.freshDatabase();
    TestPostgres.Database second = TestPostgres.freshDatabase();

    assertThat(first.jdbcUrl()).startsWith("jdbc:postgresql://").isNotEqualTo(second.jdbcUrl());
    execute(first, "CREATE TABLE note (body text NOT NULL)", "INSERT INTO note VALUES ('in the first')");
    execute(second, "CREATE TABLE note (body text NOT NULL)", "INSERT INTO note VALUES ('in the second')");

    assertThat(bodies(first)).containsExactly("in the first");
    assertThat(bodies(second)).containsExactly("in the second");
  }

  @Test
  void namesTheDatabaseInTheRelaysEnvironment() {
    TestPostgres.Database db = TestPostgres.freshDatabase();

    assertThat(TestPostgres.relayEnv(db)).containsExactly(
        entry("RELAY_STORE", "postgres"), entry("RELAY_PG_URL", db.jdbcUrl()),
        entry("RELAY_PG_USER", db.user()), entry("RELAY_PG_PASSWORD", db.password()));
  }

  @Test
  void startsAServerThatCommitsDurablyAndTakesManyConnections() throws SQLException {
    assumeTrue(System.getenv(ExternalServer.URL) == null, "an external server keeps its own settings");
    TestPostgres.Database db = TestPostgres.freshDatabase();

    assertThat(setting(db, "fsync")).isEqualTo("on");
    assertThat(setting(db, "synchronous_commit")).isEqualTo("on");
    assertThat(Integer.parseInt(setting(db, "max_connections"))).isGreaterThanOrEqualTo(200);
  }

  @Test
  void checksTheRelaysPasswordOnAServerItStarted() {
    assumeTrue(System.getenv(ExternalServer.URL) == null, "an external server has its own authentication");
    TestPostgres.Database db = TestPostgres.freshDatabase();

    assertThat(db.user()).isNotEqualTo("postgres");
    assertThatThrownBy(() -> DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password() + "x").close())
        .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
  }

  private static Map.Entry<String, String> entry(String key, String value) {
    return Map.entry(key, value);
  }

  private static void execute(TestPostgres.Database db, String... statements) throws SQLException {
    try (Connection connection = connect(db); Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  private static List<String> bodies(TestPostgres.Database db) throws SQLException {
    List<String> bodies = new ArrayList<>();
    try (Connection connection = connect(db); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT body FROM note")) {
      while (rows.next()) {
        bodies.add(rows.getString(1));
      }
    }
    return bodies;
  }

  private static String setting(TestPostgres.Database db, String name) throws SQLException {
    try (Connection connection = connect(db); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SHOW " + name)) {
      rows.next();
      return rows.getString(1);
    }
  }

  private static Connection connect(TestPostgres.Database db) throws SQLException {
    return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
  }
}
