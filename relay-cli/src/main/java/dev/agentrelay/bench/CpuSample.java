package dev.agentrelay.bench;

import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of this process and of the whole machine ({@code /proc/stat}) at one instant; two samples give
 * how many cores the bench JVM used (relay included in embedded mode) and how busy the machine was.
 */
record CpuSample(long wallNanos, long processCpuNanos, long machineBusy, long machineTotal) {

  static CpuSample now() {
    long process = -1;
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      process = os.getProcessCpuTime();
    }
    long busy = -1;
    long total = -1;
    try {
      String line = Files.readAllLines(Path.of("/proc/stat")).get(0);
      String[] f = line.trim().split("\\s+");
      total = 0;
      for (int i = 1; i < f.length && i <= 8; i++) {
        total += Long.parseLong(f[i]);
      }
      long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
      busy = total - idle;
    } catch (Exception e) {
      // not Linux: machine figures stay unknown
    }
    return new CpuSample(System.nanoTime(), process, busy, total);
  }

  /** CPU time this process used between {@code this} and {@code later}, in nanoseconds; -1 when unknown. */
  long processNanosUntil(CpuSample later) {
    return processCpuNanos < 0 || later.processCpuNanos < 0 ? -1 : later.processCpuNanos - processCpuNanos;
  }

  /** {"bench_jvm_cores": …, "machine_busy_pct": …} between {@code this} and {@code later}. */
  JsonObject until(CpuSample later) {
    JsonObject out = new JsonObject();
    double wall = later.wallNanos - wallNanos;
    if (processCpuNanos >= 0 && wall > 0) {
      out.put("bench_jvm_cores", Fmt.round((later.processCpuNanos - processCpuNanos) / wall, 2));
    }
    if (machineTotal > 0 && later.machineTotal > machineTotal) {
      out.put("machine_busy_pct",
          Fmt.round(100.0 * (later.machineBusy - machineBusy) / (later.machineTotal - machineTotal), 1));
    }
    return out;
  }
}
