package dev.agentrelay.cli;

import dev.agentrelay.core.config.RelayConfig;
import dev.agentrelay.core.store.OnlineBackup;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code relay backup FILE}: a consistent copy of the relay's SQLite file, made on the relay's host while it
 * runs (see {@link OnlineBackup}). It reads the same RELAY_* settings as {@code serve} to find the file.
 */
@Command(name = "backup", mixinStandardHelpOptions = true,
    description = {"Copy the relay's database into FILE, consistently, while the relay runs and writes.",
        "Run it on the relay's host with the relay's RELAY_* settings (RELAY_DB or RELAY_DATA_DIR find the file).",
        "Restore: start the relay on the copy (RELAY_DB=FILE); every delivery acknowledged before the backup"
            + " began is acknowledged there."})
final class BackupCommand implements Callable<Integer> {

  @ParentCommand
  RelayCli cli;

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "the copy to write; must not exist")
  Path target;

  @Option(names = "--database", paramLabel = "DB",
      description = "the relay's SQLite file (default: RELAY_DB, else $RELAY_DATA_DIR/relay.db)")
  Path database;

  @Override
  public Integer call() {
    Map<String, String> env = cli.env();
    if ("postgres".equals(env.getOrDefault("RELAY_STORE", "sqlite").strip().toLowerCase(Locale.ROOT))) {
      throw new CliFailure("this relay keeps its data in PostgreSQL (RELAY_STORE=postgres): back it up with"
          + " pg_dump, e.g. pg_dump --format=custom --file=" + target + " <database>", null);
    }
    Path source = database != null ? database : databaseOf(env);
    long started = System.currentTimeMillis();
    long bytes;
    try {
      bytes = OnlineBackup.copy(source, target);
    } catch (NoSuchFileException e) {
      throw new CliFailure("no relay database at " + source + " (set RELAY_DB or RELAY_DATA_DIR as for serve,"
          + " or pass --database)", e);
    } catch (FileAlreadyExistsException e) {
      throw new CliFailure(target + " exists; a backup never overwrites a file, choose a new name", e);
    } catch (IOException e) {
      throw new CliFailure("the backup of " + source + " failed, nothing was written to " + target + ": "
          + e.getMessage(), e);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("backed up " + source + " to " + target + " (" + bytes + " bytes, "
        + (System.currentTimeMillis() - started) + " ms)");
    out.println("restore: start the relay with RELAY_DB=" + target.toAbsolutePath());
    out.flush();
    return 0;
  }

  private Path databaseOf(Map<String, String> env) {
    try {
      return RelayConfig.from(env).database();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "the RELAY_* settings are not valid: " + e.getMessage());
    }
  }
}
