package dev.junction.connect;

import java.util.List;
import java.util.function.Function;

/** Runs a call through interceptors, in order, ending at the network. */
final class InterceptorChain implements Interceptor.Chain {
  private final List<Interceptor> interceptors;
  private final int index;
  private final Call call;
  private final String connection;
  private final Function<Call, Response> network;

  InterceptorChain(
      List<Interceptor> interceptors,
      int index,
      Call call,
      String connection,
      Function<Call, Response> network) {
    this.interceptors = interceptors;
    this.index = index;
    this.call = call;
    this.connection = connection;
    this.network = network;
  }

  static Response run(
      List<Interceptor> interceptors,
      Call call,
      String connection,
      Function<Call, Response> network) {
    return new InterceptorChain(interceptors, 0, call, connection, network).proceed(call);
  }

  @Override
  public Call call() {
    return call;
  }

  @Override
  public String connection() {
    return connection;
  }

  @Override
  public Response proceed(Call next) {
    if (index >= interceptors.size()) return network.apply(next);
    InterceptorChain rest =
        new InterceptorChain(interceptors, index + 1, next, connection, network);
    return interceptors.get(index).intercept(rest);
  }
}
