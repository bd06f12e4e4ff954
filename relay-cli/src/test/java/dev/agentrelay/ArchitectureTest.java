package dev.agentrelay;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The module rules of docs/ARCHITECTURE.md, over the main classes of every module (relay-cli's tests see them
 * all): the core knows no HTTP and no MCP SDK, the HTTP edge, the webhook dispatcher and the bridge meet only in
 * the core, only the launcher assembles them, the HTTP edge's packages keep to their parts, and SQLite stays
 * behind the store and the commands that write through it.
 */
@AnalyzeClasses(packages = "dev.agentrelay", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  private static final String CORE = "dev.agentrelay.core..";
  private static final String HTTP = "dev.agentrelay.http..";
  private static final String WEBHOOK = "dev.agentrelay.webhook..";
  private static final String BRIDGE = "dev.agentrelay.mcp..";
  private static final String LAUNCHER = "dev.agentrelay.server..";
  private static final String CLI = "dev.agentrelay.cli..";
  private static final String BENCH = "dev.agentrelay.bench..";

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
   * The commands (core.service) still write rows themselves; splitting the rules of a send from its SQLite rows is
   * the house issue's next step, after which this rule narrows to the store. The bench's sqlite-limit scenario
   * measures raw SQLite on purpose.
   */
  @ArchTest
  static final ArchRule sqliteStaysBehindTheStore = noClasses().that().resideOutsideOfPackages(
          "dev.agentrelay.core.store..", "dev.agentrelay.core.service..", BENCH)
      .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "org.sqlite..", "io.agroal..",
          "io.vertx.jdbcclient..");
}
