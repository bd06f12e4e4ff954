package dev.agentrelay.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Columns aligned with two spaces, a header row first; the last column is not padded. */
final class Table {

  private final List<String[]> rows = new ArrayList<>();
  private final int columns;

  Table(String... headers) {
    columns = headers.length;
    rows.add(headers);
  }

  Table row(Object... cells) {
    String[] row = new String[columns];
    for (int i = 0; i < columns; i++) {
      row[i] = Render.orDash(cells[i]);
    }
    rows.add(row);
    return this;
  }

  void print(PrintWriter out) {
    int[] widths = new int[columns];
    rows.forEach(row -> {
      for (int i = 0; i < columns; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    });
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        line.append(row[i]);
        if (i < columns - 1) {
          line.append(" ".repeat(widths[i] - row[i].length() + 2));
        }
      }
      out.println(line.toString().stripTrailing());
    }
    out.flush();
  }
}
