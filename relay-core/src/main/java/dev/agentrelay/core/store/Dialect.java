package dev.agentrelay.core.store;

/**
 * What differs between the two databases in the store's SQL, and nothing else: the rest of the SQL is written
 * once, in the form both accept.
 */
public enum Dialect {

  SQLITE("rowid"),
  POSTGRES("row_id");

  private final String rowOrder;

  Dialect(String rowOrder) {
    this.rowOrder = rowOrder;
  }

  /** The column that orders a table's rows by insertion: SQLite's implicit rowid, an identity column on PostgreSQL. */
  String rowOrder() {
    return rowOrder;
  }

  /** An SQL expression for the top-level text field of the JSON in {@code column}, named by a parameter. */
  String jsonField(String column) {
    return this == SQLITE ? "json_extract(" + column + ", ?)" : "(" + column + "::jsonb ->> ?)";
  }

  /** The parameter for {@link #jsonField} that names {@code field}. */
  Object jsonFieldName(String field) {
    return this == SQLITE ? "$." + field : field;
  }

  /**
   * Whether the inbox is paged from the database's own index rather than from the in-memory
   * {@link PendingDeliveries}: true where other nodes write the same database.
   */
  boolean pagesInboxOnDisk() {
    return this == POSTGRES;
  }
}
