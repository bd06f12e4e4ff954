package dev.agentrelay.http;

import io.vertx.core.net.SocketAddress;

/** Whether a connection comes from this machine's loopback interface, by the literal address Vert.x reports. */
public final class LoopbackPeers {

  private LoopbackPeers() {
  }

  public static boolean isLoopback(SocketAddress peer) {
    String address = peer == null ? null : peer.hostAddress();
    return address != null
        && (address.startsWith("127.") || address.equals("0:0:0:0:0:0:0:1") || address.equals("::1"));
  }
}
