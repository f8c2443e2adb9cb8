package dev.junction.pipeline;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Records (JSON bytes) by string key, the first record per key kept: an aggregation source's index.
 * Keys and records are packed one after the other into large byte arrays and found through an
 * open-addressing table of two primitive arrays, so the whole index is a few dozen objects however
 * many records it holds. A map of strings to byte arrays holds three to four objects per record,
 * which the garbage collector copies at every young collection until they are promoted — with
 * 200,000 records that copying dominated the pauses; large arrays are allocated outside the young
 * generation and never copied.
 *
 * <p>Not thread-safe: filled, then read, by one thread at a time.
 */
final class RecordIndex {
  /** The largest chunk: just under 1 MiB, so it fits a 1 MiB G1 region with its header. */
  private static final int MAX_CHUNK = (1 << 20) - 64;

  private static final int FIRST_CHUNK = 16 * 1024;

  /** Entries: [key length in chars: int][record length: int][key: UTF-16][record bytes]. */
  private byte[][] chunks = new byte[8][];

  private int chunkCount;
  private int pos;

  /** Per slot: (chunk number + 1) << 32 | offset of the entry; 0 = empty. */
  private long[] slots = new long[64];

  private int[] hashes = new int[64];
  private int size;

  int size() {
    return size;
  }

  /**
   * Adds {@code record[off, off + len)} under {@code key} unless the key is present; returns
   * whether it was added.
   */
  boolean putIfAbsent(String key, byte[] record, int off, int len) {
    int h = hash(key);
    int mask = slots.length - 1;
    int i = h & mask;
    for (long s; (s = slots[i]) != 0; i = (i + 1) & mask) {
      if (hashes[i] == h && keyEquals(s, key)) return false;
    }
    slots[i] = append(key, record, off, len);
    hashes[i] = h;
    if (++size * 2 > slots.length) grow();
    return true;
  }

  /** The record under {@code key} parsed as a tree (a new one each call), or null. */
  JsonNode get(String key, ObjectMapper json) {
    int h = hash(key);
    int mask = slots.length - 1;
    for (int i = h & mask; ; i = (i + 1) & mask) {
      long s = slots[i];
      if (s == 0) return null;
      if (hashes[i] == h && keyEquals(s, key)) {
        byte[] chunk = chunks[(int) (s >>> 32) - 1];
        int at = (int) s;
        int keyChars = readInt(chunk, at);
        return json.readTree(chunk, at + 8 + 2 * keyChars, readInt(chunk, at + 4));
      }
    }
  }

  private static int hash(String key) {
    int h = key.hashCode() * 0x9E3779B9;
    return h ^ (h >>> 16);
  }

  private boolean keyEquals(long slot, String key) {
    byte[] chunk = chunks[(int) (slot >>> 32) - 1];
    int at = (int) slot;
    int n = readInt(chunk, at);
    if (n != key.length()) return false;
    at += 8;
    for (int k = 0; k < n; k++, at += 2) {
      if ((char) (((chunk[at] & 0xFF) << 8) | (chunk[at + 1] & 0xFF)) != key.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private long append(String key, byte[] record, int off, int len) {
    int need = 8 + 2 * key.length() + len;
    byte[] chunk = chunkCount == 0 ? null : chunks[chunkCount - 1];
    if (chunk == null || chunk.length - pos < need) {
      int size = chunk == null ? FIRST_CHUNK : (int) Math.min(MAX_CHUNK, 2L * chunk.length);
      chunk = new byte[Math.max(size, need)];
      if (chunkCount == chunks.length) chunks = java.util.Arrays.copyOf(chunks, chunkCount * 2);
      chunks[chunkCount++] = chunk;
      pos = 0;
    }
    int at = pos;
    writeInt(chunk, at, key.length());
    writeInt(chunk, at + 4, len);
    int p = at + 8;
    for (int k = 0; k < key.length(); k++, p += 2) {
      char c = key.charAt(k);
      chunk[p] = (byte) (c >>> 8);
      chunk[p + 1] = (byte) c;
    }
    System.arraycopy(record, off, chunk, p, len);
    pos = p + len;
    return ((long) chunkCount << 32) | at;
  }

  private void grow() {
    long[] oldSlots = slots;
    int[] oldHashes = hashes;
    slots = new long[oldSlots.length * 2];
    hashes = new int[oldSlots.length * 2];
    int mask = slots.length - 1;
    for (int j = 0; j < oldSlots.length; j++) {
      if (oldSlots[j] == 0) continue;
      int i = oldHashes[j] & mask;
      while (slots[i] != 0) i = (i + 1) & mask;
      slots[i] = oldSlots[j];
      hashes[i] = oldHashes[j];
    }
  }

  private static int readInt(byte[] b, int at) {
    return ((b[at] & 0xFF) << 24)
        | ((b[at + 1] & 0xFF) << 16)
        | ((b[at + 2] & 0xFF) << 8)
        | (b[at + 3] & 0xFF);
  }

  private static void writeInt(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }
}
