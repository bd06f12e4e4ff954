package dev.agentrelay.bench;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The machine a run measured: cores, memory, CPU model, the temp directory's disk, the JDK, the load. */
final class Machine {

  private Machine() {
  }

  static JsonObject describe(Path tmpDir) {
    JsonObject m = new JsonObject();
    int cores = Runtime.getRuntime().availableProcessors();
    m.put("cores", cores);
    String cpu = firstMatching(Path.of("/proc/cpuinfo"), "model name");
    if (cpu != null) {
      m.put("cpu", cpu.substring(cpu.indexOf(':') + 1).trim());
    }
    String memTotal = firstMatching(Path.of("/proc/meminfo"), "MemTotal");
    long memKb = memTotal == null ? -1 : Long.parseLong(memTotal.replaceAll("[^0-9]", ""));
    if (memKb > 0) {
      m.put("memory_mib", memKb / 1024);
    }
    try {
      FileStore store = Files.getFileStore(tmpDir);
      m.put("tmp_dir", tmpDir.toAbsolutePath().toString());
      m.put("tmp_disk", store.name() + " (" + store.type() + ", " + store.getTotalSpace() / (1L << 30) + " GiB, "
          + store.getUsableSpace() / (1L << 30) + " GiB free)");
    } catch (IOException e) {
      m.put("tmp_disk", "unknown: " + e.getMessage());
    }
    m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
        + System.getProperty("os.arch"));
    m.put("max_heap_mib", Runtime.getRuntime().maxMemory() / (1024 * 1024));
    m.put("open_files_limit", openFilesLimit());
    m.put("summary", String.format(Locale.ROOT, "%d cores%s, %s MiB RAM, %s, %s, disk %s", cores,
        cpu == null ? "" : " (" + m.getString("cpu") + ")", memKb > 0 ? memKb / 1024 : "?", m.getString("java"),
        m.getString("os"), m.getString("tmp_disk")));
    return m;
  }

  /** "0.52 0.80 0.91" from /proc/loadavg, or "?". */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  /** The soft limit on open files of this process, or -1 when unknown. */
  static long openFilesLimit() {
    String line = firstMatching(Path.of("/proc/self/limits"), "Max open files");
    if (line == null) {
      return -1;
    }
    String[] f = line.substring("Max open files".length()).trim().split("\\s+");
    return f[0].equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(f[0]);
  }

  /** VmRSS and VmHWM of {@code pid} in bytes ({@code [-1, -1]} when unknown). */
  static long[] residentMemory(long pid) {
    long rss = -1;
    long hwm = -1;
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          rss = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        } else if (line.startsWith("VmHWM:")) {
          hwm = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or the process is gone
    }
    return new long[] {rss, hwm};
  }

  private static String firstMatching(Path file, String prefix) {
    try {
      List<String> lines = Files.readAllLines(file);
      return lines.stream().filter(l -> l.startsWith(prefix)).findFirst().orElse(null);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The java launcher of the JVM the bench runs on, for the processes it starts. */
  static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
