/**
 * The A2A side of the relay's model, with no HTTP in it: tasks, messages and artifacts as A2A JSON, inbox items as
 * A2A stream events, and a watch on one task's updates on the bus. The HTTP edge answers with them; the push
 * dispatcher sends them.
 */
package dev.agentrelay.core.a2a;
