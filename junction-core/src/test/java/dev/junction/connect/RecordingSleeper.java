package dev.junction.connect;

import dev.junction.testing.SettableClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link Sleeper} that records each wait and moves a settable clock instead of waiting. */
public final class RecordingSleeper implements Sleeper {
  private final SettableClock clock;
  private final List<Duration> waits = new CopyOnWriteArrayList<>();

  public RecordingSleeper(SettableClock clock) {
    this.clock = clock;
  }

  @Override
  public void sleep(Duration duration) {
    waits.add(duration);
    if (clock != null) clock.advance(duration);
  }

  public List<Duration> waits() {
    return List.copyOf(waits);
  }
}
