package dev.agentrelay.http;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The module rules of docs/ARCHITECTURE.md, over the main classes of every module (this module's tests see them
 * all): the core knows no HTTP and no MCP SDK, the HTTP edge, the webhook dispatcher and the bridge meet only in
 * the core, and SQLite stays behind the store and the commands that write through it.
 */
@AnalyzeClasses(packages = "dev.agentrelay", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  private static final String CORE = "dev.agentrelay.core..";
  private static final String HTTP = "dev.agentrelay.http..";
  private static final String WEBHOOK = "dev.agentrelay.webhook..";
  private static final String BRIDGE = "dev.agentrelay.mcp..";

  @ArchTest
  static final ArchRule coreKnowsNoHttpAndNoMcpSdk = noClasses().that().resideInAPackage(CORE)
      .should().dependOnClassesThat().resideInAnyPackage("io.vertx.ext.web..", "io.vertx.core.http..",
          "io.modelcontextprotocol..", HTTP, WEBHOOK, BRIDGE);

  @ArchTest
  static final ArchRule httpEdgeAndWebhooksMeetOnlyInTheCore = noClasses().that().resideInAPackage(HTTP)
      .should().dependOnClassesThat().resideInAnyPackage(WEBHOOK, BRIDGE);

  @ArchTest
  static final ArchRule webhooksKnowNoHttpEdge = noClasses().that().resideInAPackage(WEBHOOK)
      .should().dependOnClassesThat().resideInAnyPackage(HTTP, BRIDGE);

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
          "dev.agentrelay.core.store..", "dev.agentrelay.core.service..", "dev.agentrelay.http.bench..")
      .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "org.sqlite..", "io.agroal..",
          "io.vertx.jdbcclient..");
}
