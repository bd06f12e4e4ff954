package dev.agentrelay.mcp;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.logging.Logger;

/**
 * Standard input as the SDK's stdio transport reads it, one newline-delimited message at a time, with two
 * guards: a line longer than the cap is dropped (and logged) instead of filling the heap, and the end of input
 * is reported, because the client closing stdin is how an MCP stdio session ends. A watcher may look at each
 * line on its way to the SDK.
 */
final class StdinLines extends InputStream {

  /** Sees each line that is passed on, newline included; must be quick, it runs on the reading thread. */
  @FunctionalInterface
  interface Watcher {
    void line(byte[] bytes, int length);
  }

  private static final Logger LOG = Logger.getLogger(StdinLines.class.getName());

  private final InputStream in;
  private final int maxLine;
  private final Runnable onEnd;
  private final Watcher watcher;
  private byte[] line = new byte[8192];
  private int length;
  private int position;
  private boolean ended;

  StdinLines(InputStream in, int maxLine, Runnable onEnd) {
    this(in, maxLine, onEnd, (bytes, length) -> {
    });
  }

  StdinLines(InputStream in, int maxLine, Runnable onEnd, Watcher watcher) {
    this.in = new BufferedInputStream(in, 65536);
    this.maxLine = maxLine;
    this.onEnd = onEnd;
    this.watcher = watcher;
  }

  @Override
  public int read() throws IOException {
    if (position == length && !nextLine()) {
      return -1;
    }
    return line[position++] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int count) throws IOException {
    if (count == 0) {
      return 0;
    }
    if (position == length && !nextLine()) {
      return -1;
    }
    int n = Math.min(count, length - position);
    System.arraycopy(line, position, buffer, offset, n);
    position += n;
    return n;
  }

  /** Reads the next line that fits, newline included; false at the end of input. */
  private boolean nextLine() throws IOException {
    if (ended) {
      return false;
    }
    position = 0;
    length = 0;
    boolean tooLong = false;
    int b;
    while ((b = in.read()) != -1) {
      if (!tooLong && length == maxLine) {
        tooLong = true;
      }
      if (!tooLong) {
        append((byte) b);
      }
      if (b == '\n') {
        if (!tooLong) {
          watcher.line(line, length);
          return true;
        }
        LOG.warning("dropped an input line longer than " + maxLine + " bytes");
        tooLong = false;
        length = 0;
      }
    }
    ended = true;
    onEnd.run();
    return length > 0 && !tooLong;
  }

  private void append(byte b) {
    if (length == line.length) {
      line = Arrays.copyOf(line, Math.min(maxLine + 1, line.length * 2));
    }
    line[length++] = b;
  }
}
