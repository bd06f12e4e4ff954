package dev.agentrelay.core.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;

/**
 * A consistent copy of a relay's SQLite file while the relay runs and writes: SQLite's {@code VACUUM INTO}
 * on a connection of its own, which reads one snapshot (WAL lets the writer go on meanwhile) and writes it
 * compacted, with incremental vacuum. The copy is written beside the target, checked, synced to disk and
 * only then renamed to the target, owner-only like the database: no half-written file ever has its name.
 */
public final class OnlineBackup {

  private static final int BUSY_TIMEOUT_MILLIS = 30_000;

  private OnlineBackup() {
  }

  /**
   * Copies {@code database} into {@code target}, which must not exist; answers the copy's size in bytes.
   * Holds every write committed before it began. Blocking. SQLite's own failures come as an IOException too, so
   * that callers outside the store need no JDBC types.
   */
  public static long copy(Path database, Path target) throws IOException {
    if (!Files.isRegularFile(database)) {
      throw new NoSuchFileException(database.toString(), null, "no relay database there");
    }
    if (Files.exists(target)) {
      throw new FileAlreadyExistsException(target.toString(), null, "choose a new file; a backup never overwrites");
    }
    Path partial = target.resolveSibling(target.getFileName() + ".partial");
    Files.deleteIfExists(partial);
    createOwnerOnly(partial);
    try {
      vacuumInto(database, partial);
      requireWhole(partial);
      try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (SQLException e) {
      throw new IOException(e.getMessage(), e);
    } finally {
      Files.deleteIfExists(partial);
    }
    return Files.size(target);
  }

  private static void vacuumInto(Path database, Path partial) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    try (Connection connection = config.createConnection("jdbc:sqlite:" + database.toAbsolutePath());
        Statement statement = connection.createStatement()) {
      // applies to what VACUUM writes, so a copy of an older file gives space back once restored
      statement.execute("PRAGMA auto_vacuum = INCREMENTAL");
      statement.execute("VACUUM INTO '" + partial.toAbsolutePath().toString().replace("'", "''") + "'");
    }
  }

  private static void requireWhole(Path copy) throws SQLException {
    try (Connection connection = new SQLiteConfig().createConnection("jdbc:sqlite:" + copy.toAbsolutePath());
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("PRAGMA quick_check(1)")) {
      String verdict = rows.next() ? rows.getString(1) : "no answer";
      if (!"ok".equals(verdict)) {
        throw new SQLException("the copy failed its check (" + verdict + ")");
      }
    }
  }

  private static void createOwnerOnly(Path file) throws IOException {
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } else {
      Files.createFile(file);
    }
  }
}
