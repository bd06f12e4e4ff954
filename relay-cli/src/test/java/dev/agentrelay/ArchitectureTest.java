package dev.agentrelay;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.agentrelay.core.store.ReadContext;
import dev.agentrelay.core.store.WriteContext;
import java.sql.SQLException;

/**
 * The module rules of docs/ARCHITECTURE.md, over the main classes of every module (relay-cli's tests see them
 * all): the core knows no HTTP and no MCP SDK, the HTTP edge, the webhook dispatcher and the bridge meet only in
 * the core, only the launcher assembles them, the HTTP edge's packages keep to their parts, the edges reach the
 * store only through the bus and the commands, and the SQL and its drivers stay in the store.
 */
@AnalyzeClasses(packages = "dev.agentrelay", importOptions = {ImportOption.DoNotIncludeTests.class,
    ArchitectureTest.NoTestJars.class})
class ArchitectureTest {

  /**
   * Leaves out the test classes of other modules too: in a {@code verify} run relay-http's tests reach this module
   * as a {@code -tests.jar}, which {@link ImportOption.DoNotIncludeTests} (folders only) does not recognise.
   */
  static final class NoTestJars implements ImportOption {
    @Override
    public boolean includes(Location location) {
      return !location.contains("-tests.jar");
    }
  }

  private static final String CORE = "dev.agentrelay.core..";
  private static final String HTTP = "dev.agentrelay.http..";
  private static final String WEBHOOK = "dev.agentrelay.webhook..";
  private static final String BRIDGE = "dev.agentrelay.mcp..";
  private static final String LAUNCHER = "dev.agentrelay.server..";
  private static final String CLI = "dev.agentrelay.cli..";
  private static final String BENCH = "dev.agentrelay.bench..";
  private static final String CLUSTER = "dev.agentrelay.cluster..";
  private static final String BUS = "dev.agentrelay.core.bus..";
  private static final String STORE = "dev.agentrelay.core.store..";
  private static final String[] STORAGE_LIBRARIES = {"java.sql..", "org.sqlite..", "io.agroal..",
      "io.vertx.jdbcclient..", "io.vertx.sqlclient.."};

  @ArchTest
  static final ArchRule coreKnowsNoHttpAndNoMcpSdk = noClasses().that().resideInAPackage(CORE)
      .should().dependOnClassesThat().resideInAnyPackage("io.vertx.ext.web..", "io.vertx.core.http..",
          "io.modelcontextprotocol..", HTTP, WEBHOOK, BRIDGE);

  @ArchTest
  static final ArchRule httpEdgeAndWebhooksMeetOnlyInTheCore = noClasses().that().resideInAPackage(HTTP)
      .should().dependOnClassesThat().resideInAnyPackage(WEBHOOK, BRIDGE, LAUNCHER, CLI, BENCH);

  @ArchTest
  static final ArchRule webhooksKnowNoHttpEdge = noClasses().that().resideInAPackage(WEBHOOK)
      .should().dependOnClassesThat().resideInAnyPackage(HTTP, BRIDGE, LAUNCHER, CLI, BENCH);

  /**
   * The HTTP edge, the webhook dispatcher and the bridge reach the store only through {@code core.bus} (its
   * addresses, events, client, the query filters they build and the hand-overs they note) and {@code core.service}
   * (the commands and queries they send, with their wrappers: idempotent, with deliveries, the health probe). The
   * launcher deploys the store, {@code relay backup} copies its file and the bench measures it, so those name it.
   */
  @ArchTest
  static final ArchRule edgesReachTheStoreOnlyThroughTheBusAndTheCommands = noClasses()
      .that().resideInAnyPackage(HTTP, WEBHOOK, BRIDGE)
      .should().dependOnClassesThat().resideInAPackage(STORE);

  /**
   * The bus is the contract the store implements: no JDBC, no SQLite, no SQL client, no store class, but for the
   * two contexts its commands and queries run in, which the store provides on SQLite and on PostgreSQL alike
   * (through its {@code Database} and {@code Dialect}).
   */
  @ArchTest
  static final ArchRule theBusKnowsNoStorage = noClasses().that().resideInAPackage(BUS)
      .should().dependOnClassesThat(resideInAnyPackage(STORAGE_LIBRARIES)
          .or(resideInAPackage(STORE).and(not(type(WriteContext.class).or(type(ReadContext.class))))));

  /**
   * Dependencies between store, bus and auth point one way: the store depends on the bus and the model, and
   * auth (making and hashing keys) on nothing of the relay's own; the directory of accounts that the store fills
   * is the bus's, the account record the model's.
   */
  @ArchTest
  static final ArchRule authIsALeafTheStoreDoesNotUse = noClasses().that().resideInAPackage(STORE)
      .should().dependOnClassesThat().resideInAPackage("dev.agentrelay.core.auth..")
      .andShould().dependOnClassesThat().resideInAnyPackage("dev.agentrelay.core.service..", HTTP, WEBHOOK);

  @ArchTest
  static final ArchRule authDependsOnNothingOfTheRelay = noClasses().that()
      .resideInAPackage("dev.agentrelay.core.auth..")
      .should().dependOnClassesThat().resideInAnyPackage(STORE, BUS, "dev.agentrelay.core.service..",
          "dev.agentrelay.core.model..");

  /** The JDK client of the command line and the bridge: the JDK's HTTP client only, no Vert.x, no relay module. */
  @ArchTest
  static final ArchRule theJdkClientStandsAlone = noClasses().that().resideInAPackage("dev.agentrelay.client..")
      .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", CORE, HTTP, WEBHOOK, BRIDGE, LAUNCHER, CLI,
          BENCH);

  /** The Vert.x client of /mcp and the bench is a client only: it knows nothing of the server or the relay. */
  @ArchTest
  static final ArchRule theVertxClientStandsAlone = noClasses().that().resideInAPackage("dev.agentrelay.http.client..")
      .should().dependOnClassesThat().resideInAnyPackage(CORE, "dev.agentrelay.http", "dev.agentrelay.http.api..",
          "dev.agentrelay.http.push..", "dev.agentrelay.http.mcp..", "dev.agentrelay.http.ops..", "io.vertx.ext.web..");

  /** The benchmark starts relays through the launcher and talks to them over HTTP, like any client. */
  @ArchTest
  static final ArchRule theBenchKnowsNoCommandLine = noClasses().that().resideInAPackage(BENCH)
      .should().dependOnClassesThat().resideInAnyPackage(CLI, WEBHOOK);

  /** /mcp calls the REST API over loopback: it knows neither the push streams nor the operations side. */
  @ArchTest
  static final ArchRule mcpIsAClientOfTheRestApi = noClasses().that().resideInAPackage("dev.agentrelay.http.mcp..")
      .should().dependOnClassesThat().resideInAnyPackage("dev.agentrelay.http.push..", "dev.agentrelay.http.ops..");

  @ArchTest
  static final ArchRule pushStreamsKnowNoMcpAndNoOps = noClasses().that().resideInAPackage("dev.agentrelay.http.push..")
      .should().dependOnClassesThat().resideInAnyPackage("dev.agentrelay.http.mcp..", "dev.agentrelay.http.ops..");

  @ArchTest
  static final ArchRule opsKnowsNoMcpAndNoPush = noClasses().that().resideInAPackage("dev.agentrelay.http.ops..")
      .should().dependOnClassesThat().resideInAnyPackage("dev.agentrelay.http.mcp..", "dev.agentrelay.http.push..");

  @ArchTest
  static final ArchRule theBridgeIsAClientOfTheCoreOnly = noClasses().that().resideInAPackage(BRIDGE)
      .should().dependOnClassesThat().resideInAnyPackage(HTTP, WEBHOOK, "dev.agentrelay.core.store..");

  /**
   * The commands (core.service) hold no SQL: they write and read through the store's rows code, shared by SQLite
   * and PostgreSQL, and name JDBC only for the {@code SQLException} that code throws (see the next rule). The
   * bench's sqlite-limit scenario measures raw SQLite on purpose.
   */
  @ArchTest
  static final ArchRule sqliteStaysBehindTheStore = noClasses().that().resideOutsideOfPackages(
          "dev.agentrelay.core.store..", "dev.agentrelay.core.service..", BENCH)
      .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "org.sqlite..", "io.agroal..",
          "io.vertx.jdbcclient..");

  /** The commands and queries keep the rules and leave the SQL to the store: of JDBC they know the exception only. */
  @ArchTest
  static final ArchRule theCommandsHoldNoSql = noClasses().that().resideInAPackage("dev.agentrelay.core.service..")
      .should().dependOnClassesThat(resideInAnyPackage(STORAGE_LIBRARIES).and(not(type(SQLException.class))));

  /** Hazelcast stays in relay-cluster: the core and the edges hear the other nodes' commits on their own node's bus. */
  @ArchTest
  static final ArchRule hazelcastStaysInTheClusterModule = noClasses().that().resideOutsideOfPackage(CLUSTER)
      .should().dependOnClassesThat().resideInAnyPackage("com.hazelcast..", "io.vertx.spi.cluster..");

  /** Only the launcher makes a node of a cluster. */
  @ArchTest
  static final ArchRule onlyTheLauncherKnowsTheCluster = noClasses()
      .that().resideInAnyPackage(CORE, HTTP, WEBHOOK, BRIDGE, CLI, BENCH)
      .should().dependOnClassesThat().resideInAPackage(CLUSTER);
}
