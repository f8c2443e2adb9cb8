package dev.junction.pipeline;

/**
 * What a run did to one entity.
 *
 * @param fetched rows mapped to this entity
 * @param inserted new records
 * @param updated changed records
 * @param unchanged records equal to the stored ones
 * @param failed rows rejected by mapping or validation (not loaded)
 */
public record EntityCounts(long fetched, long inserted, long updated, long unchanged, long failed) {
  public static final EntityCounts ZERO = new EntityCounts(0, 0, 0, 0, 0);

  public EntityCounts plus(EntityCounts o) {
    return new EntityCounts(
        fetched + o.fetched,
        inserted + o.inserted,
        updated + o.updated,
        unchanged + o.unchanged,
        failed + o.failed);
  }
}
