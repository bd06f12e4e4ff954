package dev.agentrelay.core.store;

import io.vertx.sqlclient.Row;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * One row, read by column name, whether it came from plain JDBC (the writer) or from the Vert.x pool
 * (the readers), so each table maps its rows in one place.
 */
interface Columns {

  String text(String column);

  Long nullableLong(String column);

  default long number(String column) {
    Long value = nullableLong(column);
    if (value == null) {
      throw new IllegalStateException("column " + column + " is null");
    }
    return value;
  }

  static Columns of(Row row) {
    return new Columns() {
      @Override
      public String text(String column) {
        Object value = row.getValue(column);
        return value == null ? null : value.toString();
      }

      @Override
      public Long nullableLong(String column) {
        Object value = row.getValue(column);
        return value == null ? null : ((Number) value).longValue();
      }
    };
  }

  static Columns of(ResultSet rows) {
    return new Columns() {
      @Override
      public String text(String column) {
        try {
          return rows.getString(column);
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      }

      @Override
      public Long nullableLong(String column) {
        try {
          long value = rows.getLong(column);
          return rows.wasNull() ? null : value;
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      }
    };
  }
}
