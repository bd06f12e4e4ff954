package dev.agentrelay.core;

import java.util.function.IntSupplier;

/** Whether this node is in a cluster and how many members that cluster has now, as the health answer shows it. */
public interface ClusterMembers {

  /** A node that is not in a cluster. */
  ClusterMembers ALONE = new ClusterMembers() {
    @Override
    public boolean clustered() {
      return false;
    }

    @Override
    public int count() {
      return 1;
    }
  };

  boolean clustered();

  /** The members this node sees now, itself included. */
  int count();

  /** A node in a cluster whose member count {@code count} tells. */
  static ClusterMembers counted(IntSupplier count) {
    return new ClusterMembers() {
      @Override
      public boolean clustered() {
        return true;
      }

      @Override
      public int count() {
        return count.getAsInt();
      }
    };
  }
}
