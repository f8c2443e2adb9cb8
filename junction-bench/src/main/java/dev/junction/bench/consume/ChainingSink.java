package dev.junction.bench.consume;

/**
 * Where both contenders deliver the interleaved rows (each order, then its lines): counts them and
 * folds them into an order-sensitive checksum, so a run that emits the same rows in another order
 * shows another checksum. Keeps no rows: neither contender is charged for storing the output.
 */
final class ChainingSink {
  private long rows;
  private long checksum = 17;

  void parent(String orderId) {
    fold("P" + orderId);
  }

  void child(String orderId, String lineNo) {
    fold("C" + orderId + "/" + lineNo);
  }

  private void fold(String s) {
    rows++;
    checksum = checksum * 1_000_003 + s.hashCode();
  }

  long rows() {
    return rows;
  }

  long checksum() {
    return checksum;
  }
}
