package dev.agentrelay.http;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A real relay for each test ({@link TestRelay}: a SQLite file in a directory of its own, the real verticles, HTTP
 * on a free port), started when a test or its set-up first asks for a {@link TestRelay} parameter and stopped after
 * the test, before its Vert.x instance closes and its directory is deleted. {@link Vertx} parameters get the
 * relay's Vert.x instance; use this instead of VertxExtension.
 */
final class RelayExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RelayExtension.class);

  /** What one test holds; the relay is null until asked for. */
  private static final class Run {
    final Vertx vertx = Vertx.vertx();
    final Path dir;
    TestRelay relay;

    Run(Path dir) {
      this.dir = dir;
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    context.getStore(NAMESPACE).put(Run.class, new Run(Files.createTempDirectory("relay-test")));
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    Run run = context.getStore(NAMESPACE).remove(Run.class, Run.class);
    if (run == null) {
      return;
    }
    try {
      if (run.relay != null) {
        run.relay.stop();
      }
    } finally {
      run.vertx.close().await(30, TimeUnit.SECONDS);
      delete(run.dir);
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == TestRelay.class || type == Vertx.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Run run = context.getStore(NAMESPACE).get(Run.class, Run.class);
    if (parameter.getParameter().getType() == Vertx.class) {
      return run.vertx;
    }
    if (run.relay == null) {
      run.relay = TestRelay.start(run.vertx, run.dir);
    }
    return run.relay;
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
