package dev.agentrelay.http;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * A test of the SQLite file itself (its pragmas, its pages, a damaged or locked file, its disk filling up, its
 * permissions): skipped when the suite runs on PostgreSQL, which has none of these.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@DisabledIfSystemProperty(named = TestStore.PROPERTY, matches = "postgres",
    disabledReason = "a test of the SQLite file; the suite runs on PostgreSQL")
@interface SqliteOnly {
}
