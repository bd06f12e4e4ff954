package dev.agentrelay.core.store;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The SQLite file holds webhook secrets and everything agents said, so it is owner-only: created 0600
 * before SQLite first opens it (SQLite gives the {@code -wal} and {@code -shm} files the database file's
 * mode), in a directory created 0700. Whatever an operator made before is left as it is, with a warning
 * when others may read or write it.
 */
final class DatabaseFiles {

  private static final Logger LOG = Logger.getLogger(DatabaseFiles.class.getName());
  private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> SHARED = EnumSet.of(PosixFilePermission.GROUP_READ,
      PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

  private DatabaseFiles() {
  }

  /** Makes {@code file}'s directory and the empty file owner-only where they do not exist yet. Blocking. */
  static void prepare(Path file) throws IOException {
    Path directory = file.getParent();
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    if (!posix) {
      if (directory != null) {
        Files.createDirectories(directory);
      }
      return;
    }
    if (directory != null && !Files.isDirectory(directory)) {
      Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
    }
    if (!Files.exists(file)) {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
    }
    warnIfShared(directory, "directory");
    warnIfShared(file, "file");
  }

  private static void warnIfShared(Path path, String what) throws IOException {
    if (path == null) {
      return;
    }
    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
    if (permissions.stream().anyMatch(SHARED::contains)) {
      LOG.warning("the database " + what + " " + path + " is " + PosixFilePermissions.toString(permissions)
          + ": other users may read or change it, webhook secrets included; make it owner-only (chmod "
          + (Files.isDirectory(path) ? "700" : "600") + ")");
    }
  }
}
