package dev.agentrelay.core.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/** Runs a read on the reader pool and maps its rows; the JDBC work happens on Vert.x worker threads. */
final class Reads {

  private Reads() {
  }

  static <T> Future<List<T>> list(Pool pool, String sql, Function<Columns, T> mapper, Object... params) {
    return pool.preparedQuery(sql).execute(Tuple.wrap(params)).map(rows -> {
      List<T> mapped = new ArrayList<>(rows.size());
      for (Row row : rows) {
        mapped.add(mapper.apply(Columns.of(row)));
      }
      return mapped;
    });
  }

  static <T> Future<Optional<T>> one(Pool pool, String sql, Function<Columns, T> mapper, Object... params) {
    return list(pool, sql, mapper, params).map(rows -> rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0)));
  }

  /** Counts by key, sorted by key: the rows' {@code keyColumn} and their count in column {@code n}. */
  static Future<Map<String, Long>> countsBy(Pool pool, String keyColumn, String sql, Object... params) {
    return list(pool, sql, c -> Map.entry(c.text(keyColumn), c.number("n")), params).map(rows -> {
      Map<String, Long> counts = new TreeMap<>();
      rows.forEach(row -> counts.put(row.getKey(), row.getValue()));
      return counts;
    });
  }

  static Future<Long> count(Pool pool, String sql, Object... params) {
    return one(pool, sql, c -> c.number("n"), params).map(n -> n.orElse(0L));
  }
}
